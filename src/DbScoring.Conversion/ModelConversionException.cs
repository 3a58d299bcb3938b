using System;

namespace DbScoring.Conversion
{
    /// <summary>
    /// The ML.NET model cannot be converted faithfully: it uses a component DbScoring does not reproduce (named in
    /// <see cref="Component"/>), or the parity gate found outputs that differ from ML.NET's.
    /// </summary>
    public sealed class ModelConversionException : Exception
    {
        /// <summary>Creates the exception; <paramref name="component"/> names the ML.NET type at fault, if any.</summary>
        public ModelConversionException(string message, string? component = null, Exception? inner = null)
            : base(message, inner)
        {
            Component = component;
        }

        /// <summary>The ML.NET component (type name) that could not be converted; null when not about one component.</summary>
        public string? Component { get; }
    }
}
