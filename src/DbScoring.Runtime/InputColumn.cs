using System;
using System.Collections.Generic;

namespace DbScoring.Runtime
{
    /// <summary>
    /// One input field a caller supplies: a scalar, or one slot of an ML.NET vector column.
    /// Immutable.
    /// </summary>
    public sealed class InputColumn
    {
        /// <summary>Creates an input field description.</summary>
        /// <param name="name">Field name, matched case-insensitively by callers.</param>
        /// <param name="kind">What the caller supplies.</param>
        /// <param name="column">Index of the working column the field writes.</param>
        /// <param name="slot">Slot within that column (0 for a scalar column).</param>
        /// <param name="categories">Known categories seen in training (empty when not categorical).</param>
        /// <param name="trainingMin">Smallest value seen in training, NaN when unknown.</param>
        /// <param name="trainingMax">Largest value seen in training, NaN when unknown.</param>
        public InputColumn(string name, InputKind kind, int column, int slot, IReadOnlyList<string>? categories = null,
            double trainingMin = double.NaN, double trainingMax = double.NaN)
        {
            Name = name ?? throw new ArgumentNullException(nameof(name));
            Kind = kind;
            Column = column;
            Slot = slot;
            Categories = categories ?? Array.Empty<string>();
            TrainingMin = trainingMin;
            TrainingMax = trainingMax;
        }

        /// <summary>Field name as the model was trained with it.</summary>
        public string Name { get; }

        /// <summary>What a caller supplies.</summary>
        public InputKind Kind { get; }

        /// <summary>Position of this field in <see cref="ScoringModel.Inputs"/>; set when the model is assembled.</summary>
        public int Index { get; internal set; }

        /// <summary>Index of the working column this field writes.</summary>
        public int Column { get; }

        /// <summary>Slot within the working column (0 for a scalar column).</summary>
        public int Slot { get; }

        /// <summary>Categories seen in training, in the model's order; empty when the field is not categorical.</summary>
        public IReadOnlyList<string> Categories { get; }

        /// <summary>Smallest value seen in training; NaN when unknown or not numeric.</summary>
        public double TrainingMin { get; }

        /// <summary>Largest value seen in training; NaN when unknown or not numeric.</summary>
        public double TrainingMax { get; }

        /// <inheritdoc />
        public override string ToString() => Name + " (" + Kind + ")";
    }

    /// <summary>A working column of the transform pipeline: written once, by an input or by one transform.</summary>
    public sealed class ColumnDefinition
    {
        /// <summary>Creates a working column.</summary>
        /// <param name="name">Name, for diagnostics (ML.NET column name).</param>
        /// <param name="kind">Value kind.</param>
        /// <param name="length">Number of slots, at least 1.</param>
        /// <param name="keyCount">For key columns the number of distinct keys (values 1..keyCount); 0 otherwise.</param>
        public ColumnDefinition(string name, ColumnKind kind, int length, int keyCount = 0)
        {
            Name = name ?? throw new ArgumentNullException(nameof(name));
            Kind = kind;
            Length = length;
            KeyCount = keyCount;
        }

        /// <summary>Name, for diagnostics.</summary>
        public string Name { get; }

        /// <summary>Value kind.</summary>
        public ColumnKind Kind { get; }

        /// <summary>Number of slots.</summary>
        public int Length { get; }

        /// <summary>For key columns, the number of distinct keys; 0 otherwise.</summary>
        public int KeyCount { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Name} ({Kind}[{Length}])";
    }
}
