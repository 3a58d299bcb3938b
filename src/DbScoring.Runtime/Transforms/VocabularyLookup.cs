using System.Runtime.CompilerServices;
#if NET
using System;
using System.Runtime.InteropServices;
#endif

namespace DbScoring.Runtime.Transforms
{
    /// <summary>
    /// Text → 1-based key over a fixed vocabulary, by exact ordinal match; 0 for null and for unseen text. Built once per
    /// model and read-only afterwards (safe for concurrent readers).
    /// <para>
    /// Faster than a <c>Dictionary&lt;string, uint&gt;</c> for the short category names of tabular data because the hash
    /// reads the length and three characters (first, middle, last) instead of every character, and the table is a flat
    /// power-of-two array probed linearly; the one full comparison (<see cref="string.Equals(string, string)"/>,
    /// ordinal) decides. When those characters do not tell the vocabulary apart well (long probe runs, e.g. codes
    /// that differ only in their second character), the hash reads every character instead.
    /// </para>
    /// </summary>
    internal sealed class VocabularyLookup
    {
        // Open addressing: slot i holds a vocabulary entry or nothing (Text null). At most half the slots are used.
        private readonly string?[] _text;
        private readonly uint[] _key;
        private readonly int _mask;
        private readonly bool _hashEveryCharacter;

        internal VocabularyLookup(string[] vocabulary)
        {
            int size = 4;
            while (size < 2 * vocabulary.Length) size *= 2;
            _mask = size - 1;
            _text = new string?[size];
            _key = new uint[size];
            if (Fill(vocabulary, hashEveryCharacter: false) > vocabulary.Length + vocabulary.Length / 2 + 4)
            {
                _hashEveryCharacter = true;
                System.Array.Clear(_text, 0, size);
                Fill(vocabulary, hashEveryCharacter: true);
            }
        }

        /// <summary>The key of <paramref name="text"/>: i + 1 for vocabulary[i], 0 when null or not in the vocabulary.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal uint Find(string? text)
        {
            if (text == null) return 0;
            string?[] slots = _text;
            int i = (int)Hash(text, _hashEveryCharacter) & _mask;
            while (true)
            {
                string? candidate = slots[i];
                if (candidate == null) return 0;
                if (SameText(candidate, text)) return _key[i];
                i = (i + 1) & _mask;
            }
        }

        /// <summary>
        /// Ordinal equality, as <see cref="string.Equals(string, string)"/>. On .NET 10 the characters are compared eight
        /// bytes at a time inline (the last word overlapping the one before): <c>string.Equals</c> calls the general
        /// <c>SequenceEqual</c>, whose call and size dispatch cost more than the compare of a short category name — about a
        /// sixth of a linear model's time per row. .NET Framework keeps <c>string.Equals</c>.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static bool SameText(string candidate, string text)
        {
#if NET
            int length = text.Length;
            if (candidate.Length != length) return false;
            if (length < 4)
            {
                for (int c = 0; c < length; c++)
                    if (candidate[c] != text[c]) return false;
                return true;
            }
            ref byte a = ref Unsafe.As<char, byte>(ref MemoryMarshal.GetReference(candidate.AsSpan()));
            ref byte b = ref Unsafe.As<char, byte>(ref MemoryMarshal.GetReference(text.AsSpan()));
            nuint last = (nuint)length * sizeof(char) - sizeof(ulong); // length ≥ 4 characters: at least one whole word
            for (nuint at = 0; at < last; at += sizeof(ulong))
                if (Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref a, at)) != Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, at))) return false;
            return Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref a, last)) == Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, last));
#else
            return string.Equals(candidate, text);
#endif
        }

        /// <summary>Inserts every entry; returns the total probe count. Equal entries probe the same run: refused there.</summary>
        private int Fill(string[] vocabulary, bool hashEveryCharacter)
        {
            int probes = 0;
            for (int v = 0; v < vocabulary.Length; v++)
            {
                if (vocabulary[v] == null) throw new ModelFormatException($"Vocabulary entry {v} is null.");
                int i = (int)Hash(vocabulary[v], hashEveryCharacter) & _mask;
                probes++;
                while (_text[i] != null)
                {
                    if (string.Equals(_text[i], vocabulary[v])) throw new ModelFormatException($"The vocabulary lists '{vocabulary[v]}' twice.");
                    i = (i + 1) & _mask;
                    probes++;
                }
                _text[i] = vocabulary[v];
                _key[i] = (uint)(v + 1);
            }
            return probes;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static uint Hash(string text, bool everyCharacter)
        {
            int length = text.Length;
            uint h = (uint)length * 0x9E3779B1u;
            if (length == 0) return h >> 16;
            if (everyCharacter)
            {
                for (int c = 0; c < length; c++) h = (h ^ text[c]) * 0x01000193u;
            }
            else
            {
                h = (h ^ text[0]) * 0x85EBCA77u;
                h = (h ^ text[length >> 1]) * 0xC2B2AE3Du;
                h = (h ^ text[length - 1]) * 0x27D4EB2Fu;
            }
            return h ^ (h >> 15);
        }
    }
}
