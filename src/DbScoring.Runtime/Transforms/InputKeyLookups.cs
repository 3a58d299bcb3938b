using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace DbScoring.Runtime.Transforms
{
    /// <summary>
    /// The plan's value-to-key steps over input texts, run together in one loop before the other transforms: each reads a
    /// text the caller set (no transform writes it) and writes a key column no other step writes, so running it first
    /// changes nothing but the cost — one call and one loop instead of a virtual call, two offset look-ups and a loop per
    /// categorical input (a linear model over eight one-hot inputs runs little else per row). Built by
    /// <see cref="ExecutionPlan"/>; never serialized.
    /// </summary>
    internal sealed class InputKeyLookups
    {
        private readonly int[] _text;                 // per slot: index in the frame's texts
        private readonly int[] _key;                  // per slot: index in the frame's keys
        private readonly VocabularyLookup[] _lookup;  // per slot: the vocabulary of its value-to-key step

        private InputKeyLookups(int[] text, int[] key, VocabularyLookup[] lookup)
        {
            _text = text;
            _key = key;
            _lookup = lookup;
        }

        /// <summary>Number of slots looked up per row.</summary>
        internal int Count => _text.Length;

        /// <summary>Slot <paramref name="slot"/>'s text: its index in the frame's texts.</summary>
        internal int TextIndex(int slot) => _text[slot];

        /// <summary>Slot <paramref name="slot"/>'s key: its index in the frame's keys.</summary>
        internal int KeyIndex(int slot) => _key[slot];

        /// <summary>Slot <paramref name="slot"/>'s vocabulary.</summary>
        internal VocabularyLookup Lookup(int slot) => _lookup[slot];

        /// <summary>
        /// Splits <paramref name="transforms"/> into the value-to-key steps over input texts (returned; null when there are
        /// none) and the rest, in order (<paramref name="rest"/>).
        /// </summary>
        internal static InputKeyLookups? Hoist(Transform[] transforms, IReadOnlyList<ColumnDefinition> columns, out Transform[] rest)
        {
            var written = new bool[columns.Count];
            foreach (var transform in transforms) written[transform.Destination] = true;
            var offsets = new Frame(columns).Offsets;
            var text = new List<int>();
            var key = new List<int>();
            var lookup = new List<VocabularyLookup>();
            var kept = new List<Transform>();
            foreach (var transform in transforms)
            {
                if (transform is ValueToKeyTransform v && !written[v.Source])
                {
                    for (int j = 0; j < columns[v.Source].Length; j++)
                    {
                        text.Add(offsets[v.Source] + j);
                        key.Add(offsets[v.Destination] + j);
                        lookup.Add(v.Lookup);
                    }
                }
                else kept.Add(transform);
            }
            rest = kept.ToArray();
            return text.Count == 0 ? null : new InputKeyLookups(text.ToArray(), key.ToArray(), lookup.ToArray());
        }

        /// <summary>Writes every slot's key from its text.</summary>
        [MethodImpl(HotPath.Options)]
        internal void Apply(Frame frame)
        {
            int[] text = _text, key = _key;
            VocabularyLookup[] lookup = _lookup;
            string?[] texts = frame.Texts;
            uint[] keys = frame.Keys;
            for (int i = 0; i < text.Length && i < key.Length && i < lookup.Length; i++)
                keys[key[i]] = lookup[i].Find(texts[text[i]]);
        }
    }
}
