using DbScoring.Conversion.Parity;
using DbScoring.Runtime;

namespace DbScoring.Conversion
{
    /// <summary>A converted model that passed the parity gate.</summary>
    public sealed class ConversionResult
    {
        internal ConversionResult(byte[] blob, ScoringModel model, ParityReport parity)
        {
            Blob = blob;
            Model = model;
            Parity = parity;
        }

        /// <summary>The model blob (.dbsm bytes).</summary>
        public byte[] Blob { get; }

        /// <summary>The blob, loaded.</summary>
        public ScoringModel Model { get; }

        /// <summary>What the parity gate checked.</summary>
        public ParityReport Parity { get; }
    }
}
