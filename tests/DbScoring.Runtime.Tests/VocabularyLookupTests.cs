using System;
using System.Collections.Generic;
using System.Linq;
using DbScoring.Runtime.Transforms;
using Xunit;

namespace DbScoring.Runtime.Tests
{
    /// <summary>The vocabulary lookup must answer exactly as an ordinal dictionary would, whatever the vocabulary.</summary>
    public sealed class VocabularyLookupTests
    {
        [Fact]
        public void Random_vocabularies_map_every_word_to_its_key_and_everything_else_to_zero()
        {
            var random = new Random(2024);
            for (int round = 0; round < 200; round++)
            {
                var vocabulary = RandomWords(random, random.Next(0, 300), alphabet: round % 3 == 0 ? "ab" : "abcdefghijklmnopqrstuvwxyzAÄ-_ 0123456789");
                AssertLikeDictionary(vocabulary, random);
            }
        }

        [Fact]
        public void Words_that_share_length_first_middle_and_last_character_are_still_told_apart()
        {
            // Codes differing only away from the sampled characters: every word collides on the cheap hash, so the lookup
            // must fall back to hashing every character and stay exact.
            var vocabulary = Enumerable.Range(0, 500).Select(i => "X" + i.ToString("D4") + "-0000Y").ToArray();
            AssertLikeDictionary(vocabulary, new Random(5));
        }

        [Fact]
        public void Empty_text_is_a_word_only_when_listed_and_null_is_never_one()
        {
            var withEmpty = new VocabularyLookup(new[] { "a", "", "b" });
            Assert.Equal(2u, withEmpty.Find(""));
            Assert.Equal(0u, withEmpty.Find(null));
            Assert.Equal(0u, new VocabularyLookup(new[] { "a" }).Find(""));
            Assert.Equal(0u, new VocabularyLookup(Array.Empty<string>()).Find("a"));
        }

        [Fact]
        public void A_vocabulary_that_lists_a_word_twice_is_refused_naming_it()
        {
            var error = Assert.Throws<ModelFormatException>(() => new VocabularyLookup(new[] { "red", "green", "red" }));
            Assert.Contains("'red' twice", error.Message);
        }

        [Fact]
        public void Texts_equal_only_when_every_character_is_the_same_at_every_length()
        {
            // SameText compares eight bytes at a time on .NET 10 (the last word overlapping): a difference in any character,
            // in its low or high byte, at any length, must be seen.
            var random = new Random(11);
            for (int length = 0; length <= 40; length++)
            {
                var chars = new char[length];
                for (int c = 0; c < length; c++) chars[c] = (char)random.Next('a', 'z' + 1);
                string word = new string(chars);
                Assert.True(VocabularyLookup.SameText(word, new string(chars)));
                Assert.False(VocabularyLookup.SameText(word, word + "a"));
                for (int c = 0; c < length; c++)
                {
                    foreach (int change in new[] { 1, 0x100 })
                    {
                        var other = (char[])chars.Clone();
                        other[c] = (char)(other[c] ^ change);
                        Assert.False(VocabularyLookup.SameText(word, new string(other)), $"length {length}, character {c} ^ {change:x}");
                    }
                }
            }
        }

        [Fact]
        public void Long_words_that_differ_in_one_character_keep_their_own_keys()
        {
            var random = new Random(12);
            var stem = new string(Enumerable.Range(0, 37).Select(_ => (char)random.Next('a', 'z' + 1)).ToArray());
            var vocabulary = Enumerable.Range(0, stem.Length).Select(c => stem.Substring(0, c) + "Ä" + stem.Substring(c + 1)).Append(stem).ToArray();
            AssertLikeDictionary(vocabulary, random);
        }

        private static void AssertLikeDictionary(string[] vocabulary, Random random)
        {
            var expected = new Dictionary<string, uint>(StringComparer.Ordinal);
            for (int i = 0; i < vocabulary.Length; i++) expected[vocabulary[i]] = (uint)(i + 1);
            var lookup = new VocabularyLookup(vocabulary);
            foreach (var word in vocabulary) Assert.Equal(expected[word], lookup.Find(new string(word.ToCharArray())));
            foreach (var probe in RandomWords(random, 300, "abcdefghXY-0123456789").Concat(vocabulary.Select(w => w + "!")).Concat(vocabulary.Select(w => w.ToUpperInvariant())))
                Assert.Equal(expected.TryGetValue(probe, out uint key) ? key : 0u, lookup.Find(probe));
        }

        private static string[] RandomWords(Random random, int count, string alphabet)
        {
            var words = new HashSet<string>(StringComparer.Ordinal);
            while (words.Count < count)
            {
                var chars = new char[random.Next(0, 12)];
                for (int c = 0; c < chars.Length; c++) chars[c] = alphabet[random.Next(alphabet.Length)];
                words.Add(new string(chars));
            }
            return words.ToArray();
        }
    }
}
