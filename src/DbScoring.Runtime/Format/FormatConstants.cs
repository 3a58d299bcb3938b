namespace DbScoring.Runtime.Format
{
    /// <summary>
    /// Fixed numbers of the model blob format (docs/model-format.md). Persisted — never change them.
    /// The same layout comment stands in <see cref="BlobReader"/> and <see cref="BlobWriter"/>.
    /// </summary>
    /// <remarks>
    /// Layout (all integers little-endian):
    /// <code>
    /// header   magic[8] = "DBSM" 0D 0A 1A 0A | major u16 | minor u16 | sectionCount u32
    /// section  id u16 | flags u16 (bit 0: required) | length u32 | payload[length]     (sectionCount times)
    /// trailer  SHA-256 over every byte before the trailer [32]
    /// </code>
    /// </remarks>
    public static class FormatConstants
    {
        /// <summary>Major version written by this runtime. A reader refuses blobs with a newer major version.</summary>
        public const ushort MajorVersion = 1;

        /// <summary>Minor version written by this runtime. A newer minor version is read; unknown optional sections are skipped.</summary>
        /// <remarks>1.1 added the TrainingStatistics section (6) with the training profile, the Explanations section (7) with node covers, and for XGBoost models the CategoryCodeToKey transform (13), the logistic regression link (2) and score functions 3 and 4; 1.2 added the QuickScorerOrder section (8) with the precomputed order of the trees' tests; 1.3 stores tree ensembles in the compact tree encoding (score function kinds 5 and 6); 1.0, 1.1 and 1.2 blobs load unchanged.</remarks>
        public const ushort MinorVersion = 3;

        /// <summary>Length of the fixed header in bytes.</summary>
        public const int HeaderLength = 16;

        /// <summary>Length of a section header (id, flags, length) in bytes.</summary>
        public const int SectionHeaderLength = 8;

        /// <summary>Length of the SHA-256 trailer in bytes.</summary>
        public const int TrailerLength = 32;

        /// <summary>Section flag: a reader that does not know this section must refuse the blob.</summary>
        public const ushort SectionFlagRequired = 1;

        /// <summary>Upper bound on a blob's size (1 GiB), checked before anything is allocated.</summary>
        public const int MaxBlobLength = 1 << 30;

        /// <summary>The 8 magic bytes: "DBSM", then CR LF SUB LF so that text-mode transfers are detected.</summary>
        public static byte[] Magic() => new byte[] { 0x44, 0x42, 0x53, 0x4D, 0x0D, 0x0A, 0x1A, 0x0A };
    }

    /// <summary>Section identifiers. Persisted — never renumber.</summary>
    public enum SectionId : ushort
    {
        /// <summary>Sorted key/value text pairs: name, algorithm, source hash, parity-gate figures.</summary>
        Metadata = 1,
        /// <summary>Input fields and output schema.</summary>
        Schema = 2,
        /// <summary>Working columns of the transform pipeline.</summary>
        Columns = 3,
        /// <summary>The transform pipeline.</summary>
        Pipeline = 4,
        /// <summary>The predictor.</summary>
        Predictor = 5,
        /// <summary>The training profile: per input and output distributions over reference rows (optional; format 1.1).</summary>
        TrainingStatistics = 6,
        /// <summary>Explanation data: node covers of tree ensembles, for TreeSHAP reason codes (optional; format 1.1).</summary>
        Explanations = 7,
        /// <summary>The precomputed QuickScorer test order of each tree ensemble, so that loading skips the sort (optional; format 1.2).</summary>
        QuickScorerOrder = 8,
    }
}
