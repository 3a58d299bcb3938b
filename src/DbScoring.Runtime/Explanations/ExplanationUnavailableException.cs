using System;

namespace DbScoring.Runtime.Explanations
{
    /// <summary>
    /// The model cannot explain its rows (for example: trees without node covers). The message says why and what to do;
    /// scoring is unaffected. Also available up front as <see cref="ScoringModel.ExplanationRefusal"/>.
    /// </summary>
    [Serializable]
    public sealed class ExplanationUnavailableException : NotSupportedException
    {
        /// <summary>Creates the exception with its reason.</summary>
        public ExplanationUnavailableException(string message) : base(message) { }

        /// <summary>Creates the exception with its reason and cause.</summary>
        public ExplanationUnavailableException(string message, Exception inner) : base(message, inner) { }
    }
}
