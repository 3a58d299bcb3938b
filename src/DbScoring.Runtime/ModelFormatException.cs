using System;

namespace DbScoring.Runtime
{
    /// <summary>
    /// A model blob is corrupt, tampered with, truncated, or uses a format or component this runtime cannot
    /// score. The message names what is wrong and where (section, byte offset, component).
    /// Caller mistakes (a wrong argument) are reported with <see cref="ArgumentException"/> instead.
    /// </summary>
    [Serializable]
    public sealed class ModelFormatException : Exception
    {
        /// <summary>Creates the exception with a message that says what is wrong and where.</summary>
        public ModelFormatException(string message) : base(message) { }

        /// <summary>Creates the exception wrapping the lower-level cause.</summary>
        public ModelFormatException(string message, Exception inner) : base(message, inner) { }
    }
}
