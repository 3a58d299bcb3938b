using System.Collections.Generic;

namespace DbScoring.Runtime.Transforms
{
    /// <summary>A transform that reads one column and writes one (every transform but <see cref="ConcatenateTransform"/>).</summary>
    public abstract class OneToOneTransform : Transform
    {
        private readonly int[] _sources;

        /// <summary>Creates a transform from column <paramref name="source"/> to column <paramref name="destination"/>.</summary>
        protected OneToOneTransform(int source, int destination) : base(destination)
        {
            Source = source;
            _sources = new[] { source };
        }

        /// <summary>The column read.</summary>
        public int Source { get; }

        /// <inheritdoc />
        public sealed override IReadOnlyList<int> Sources => _sources;

        /// <summary>
        /// Checks that the source holds <paramref name="sourceKind"/>, the destination <paramref name="destinationKind"/>,
        /// both with the same number of slots, which it returns.
        /// </summary>
        private protected int ExpectSameLength(IReadOnlyList<ColumnDefinition> columns, string where, ColumnKind sourceKind, ColumnKind destinationKind)
        {
            var source = ColumnCheck.Expect(columns, Source, sourceKind, where, "source");
            var destination = ColumnCheck.Expect(columns, Destination, destinationKind, where, "destination");
            ColumnCheck.Length(destination.Length, source.Length, where, "destination");
            return source.Length;
        }
    }
}
