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
