using System;

namespace DbScoring.Store
{
    /// <summary>
    /// Model and alias names: a letter, then letters, digits and '_', at most 100 characters — the same rule as the
    /// CHECK constraints of scoring.Model and scoring.ModelAlias, so that a name valid in one backend is valid in both
    /// (and scoring.Predict_&lt;model&gt; is a plain identifier).
    /// </summary>
    public static class StoreNames
    {
        /// <summary>Longest model or alias name.</summary>
        public const int MaxLength = 100;

        /// <summary>True when <paramref name="name"/> is a valid model or alias name.</summary>
        public static bool IsValid(string? name)
        {
            if (string.IsNullOrEmpty(name) || name.Length > MaxLength) return false;
            if (!IsAsciiLetter(name[0])) return false;
            foreach (char c in name)
                if (!(IsAsciiLetter(c) || (c >= '0' && c <= '9') || c == '_')) return false;
            return true;
        }

        /// <summary>Throws <see cref="ArgumentException"/> naming <paramref name="parameter"/> when the model name is not valid.</summary>
        public static void CheckModel(string? name, string parameter)
        {
            if (!IsValid(name))
                throw new ArgumentException($"The model name '{name}' is not supported: give a letter, then letters, digits and _ (at most {MaxLength}).", parameter);
        }

        /// <summary>Throws <see cref="ArgumentException"/> naming <paramref name="parameter"/> when the alias name is not valid.</summary>
        public static void CheckAlias(string? name, string parameter)
        {
            if (!IsValid(name))
                throw new ArgumentException($"The alias name '{name}' is not supported: give a letter, then letters, digits and _ (at most {MaxLength}).", parameter);
        }

        private static bool IsAsciiLetter(char c) => (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }
}
