using System.Collections.Generic;
using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Transforms
{
    /// <summary>Transform identifiers. Persisted — never renumber.</summary>
    public enum TransformKind : ushort
    {
        /// <summary><see cref="CopyColumnTransform"/>.</summary>
        CopyColumn = 1,
        /// <summary><see cref="ReplaceMissingTransform"/>.</summary>
        ReplaceMissing = 2,
        /// <summary><see cref="ValueToKeyTransform"/>.</summary>
        ValueToKey = 3,
        /// <summary><see cref="KeyToVectorTransform"/>.</summary>
        KeyToVector = 4,
        /// <summary><see cref="HashTransform"/>.</summary>
        Hash = 5,
        /// <summary><see cref="KeyToValueTransform"/>.</summary>
        KeyToValue = 6,
        /// <summary><see cref="ConcatenateTransform"/>.</summary>
        Concatenate = 7,
        /// <summary><see cref="ConvertToFloatTransform"/>.</summary>
        ConvertToFloat = 8,
        /// <summary><see cref="AffineNormalizeTransform"/>.</summary>
        AffineNormalize = 9,
        /// <summary><see cref="BinNormalizeTransform"/>.</summary>
        BinNormalize = 10,
        /// <summary><see cref="CdfNormalizeTransform"/>.</summary>
        CdfNormalize = 11,
        /// <summary><see cref="NumericValueToKeyTransform"/>.</summary>
        NumericValueToKey = 12,
        /// <summary><see cref="CategoryCodeToKeyTransform"/> (format 1.1).</summary>
        CategoryCodeToKey = 13,
        /// <summary><see cref="SelectSlotsTransform"/> (format 1.1).</summary>
        SelectSlots = 14,
        /// <summary><see cref="LpNormalizeTransform"/> (format 1.1).</summary>
        LpNormalize = 15,
        /// <summary><see cref="BinarizeTransform"/> (format 1.1).</summary>
        Binarize = 16,
        /// <summary><see cref="DivideTransform"/> (format 1.1).</summary>
        Divide = 17,
        /// <summary><see cref="KeyToNumberTransform"/> (format 1.1).</summary>
        KeyToNumber = 18,
        /// <summary><see cref="ReplaceValueTransform"/> (format 1.1).</summary>
        ReplaceValue = 19,
    }

    /// <summary>
    /// One step of the feature pipeline: reads earlier working columns, writes exactly one new column.
    /// Instances are shared by every <see cref="Scorer"/> of a model: parameters are immutable, and sizes derived
    /// in <see cref="Validate"/> are set once while the model loads, before any scorer exists.
    /// </summary>
    public abstract class Transform
    {
        /// <summary>Creates a transform writing column <paramref name="destination"/>.</summary>
        protected Transform(int destination)
        {
            Destination = destination;
        }

        /// <summary>Persisted kind of this transform.</summary>
        public abstract TransformKind Kind { get; }

        /// <summary>Index of the working column this transform writes.</summary>
        public int Destination { get; }

        /// <summary>Indices of the working columns this transform reads.</summary>
        public abstract IReadOnlyList<int> Sources { get; }

        /// <summary>Writes this transform's parameters (not its kind).</summary>
        internal abstract void WriteBody(BlobWriter writer);

        /// <summary>
        /// Checks kinds and lengths against the column table; called once when a model is loaded, so that
        /// <see cref="Apply"/> can index without checks. <paramref name="where"/> names this transform in errors.
        /// </summary>
        internal abstract void Validate(IReadOnlyList<ColumnDefinition> columns, string where);

        /// <summary>Computes the destination column from the sources for the row in <paramref name="frame"/>.</summary>
        internal abstract void Apply(Frame frame);
    }
}
