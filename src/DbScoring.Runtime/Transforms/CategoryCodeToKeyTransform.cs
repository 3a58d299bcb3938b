using System.Collections.Generic;
using System.Runtime.CompilerServices;
using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Transforms
{
    /// <summary>
    /// Maps integer category codes held as numbers to keys, as XGBoost reads a categorical feature
    /// (src/common/categorical.h: <c>AsCat</c> truncates toward zero; <c>InvalidCat</c> is a negative value or one too
    /// large for a float to count exactly). With C = <see cref="CategoryCount"/>, per slot:
    /// <list type="bullet">
    /// <item>NaN (missing) → key C + 1, the missing key, so that a split can send missing values its own way;</item>
    /// <item>0 ≤ v &lt; C → key (int)v + 1 (−0 is 0; 2.7 is category 2);</item>
    /// <item>anything else (negative, ≥ C, ±∞) → key 0, which one-hot encodes to no indicator at all: such a value
    /// is in no category set (XGBoost sends invalid and out-of-range categories to the left child, "not in the set").</item>
    /// </list>
    /// The key column has C + 1 keys. Format 1.1.
    /// </summary>
    public sealed class CategoryCodeToKeyTransform : OneToOneTransform
    {
        /// <summary>Largest category count accepted: XGBoost's largest valid category is 2^24 − 2.</summary>
        public const int MaxCategoryCount = (1 << 24) - 1;

        private int _length;   // set by Validate

        /// <summary>Maps each slot of float column <paramref name="source"/> to keys of categories 0..<paramref name="categoryCount"/>−1.</summary>
        public CategoryCodeToKeyTransform(int source, int destination, int categoryCount) : base(source, destination)
        {
            if (categoryCount < 1 || categoryCount > MaxCategoryCount)
                throw new ModelFormatException($"A category code transform needs 1..{MaxCategoryCount} categories, not {categoryCount}.");
            CategoryCount = categoryCount;
        }

        /// <summary>Number of valid category codes (0..CategoryCount−1); key CategoryCount + 1 stands for missing.</summary>
        public int CategoryCount { get; }

        /// <summary>The key a missing (NaN) value gets.</summary>
        public uint MissingKey => (uint)CategoryCount + 1;

        /// <inheritdoc />
        public override TransformKind Kind => TransformKind.CategoryCodeToKey;

        internal override void WriteBody(BlobWriter writer)
        {
            writer.WriteInt32(Source);
            writer.WriteInt32(CategoryCount);
        }

        internal static CategoryCodeToKeyTransform ReadBody(BlobReader reader, int destination)
        {
            int source = reader.ReadInt32();
            int count = reader.ReadInt32InRange(1, MaxCategoryCount, "category count");
            return new CategoryCodeToKeyTransform(source, destination, count);
        }

        internal override void Validate(IReadOnlyList<ColumnDefinition> columns, string where)
        {
            int length = ExpectSameLength(columns, where, ColumnKind.Float, ColumnKind.Key);
            ColumnCheck.Length(columns[Destination].KeyCount, CategoryCount + 1, where, "destination key count");
            _length = length;
        }

        /// <summary>The key of one value (see the class summary).</summary>
        public uint KeyOf(float value)
        {
            if (float.IsNaN(value)) return MissingKey;
            return value >= 0f && value < CategoryCount ? (uint)(int)value + 1u : 0u;
        }

#if NET
        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // full optimization from the first call: no slow tier-0 phase
#endif
        internal override void Apply(Frame frame)
        {
            int from = frame.Offsets[Source], to = frame.Offsets[Destination];
            for (int i = 0; i < _length; i++) frame.Keys[to + i] = KeyOf(frame.Floats[from + i]);
        }
    }
}
