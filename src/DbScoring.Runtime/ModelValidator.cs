using System.Collections.Generic;

namespace DbScoring.Runtime
{
    /// <summary>
    /// Whole-model checks run once at load, after each component checked its own bytes: every working column is
    /// written exactly once before it is read, inputs cover their columns, and the predictor fits its features.
    /// After this, scoring indexes arrays without checks and cannot read an unwritten slot.
    /// </summary>
    internal static class ModelValidator
    {
        /// <summary>Most slots of one kind a row's frame may hold (each <see cref="Scorer"/> allocates its frame).</summary>
        internal const int MaxFrameSlots = 1 << 26;

        internal static void Validate(ModelDefinition model)
        {
            var columns = model.Columns;
            var slotsByKind = new long[4];
            foreach (var column in columns)
                if ((int)column.Kind < slotsByKind.Length && column.Length > 0) slotsByKind[(int)column.Kind] += column.Length;
            for (int kind = 1; kind < slotsByKind.Length; kind++)
                if (slotsByKind[kind] > MaxFrameSlots)
                    throw new ModelFormatException($"The working columns need {slotsByKind[kind]} {(ColumnKind)kind} slots per row, more than the limit of {MaxFrameSlots}.");
            var written = new bool[columns.Count];
            var covered = new Dictionary<long, string>();
            var inputsPerColumn = new int[columns.Count];
            foreach (var input in model.Inputs)
            {
                string where = $"Input '{input.Name}'";
                var column = ColumnCheck.Expect(columns, input.Column, where, "input");
                ColumnKind expected = input.Kind == InputKind.Text ? ColumnKind.Text : ColumnKind.Float;
                if (column.Kind != expected)
                    throw new ModelFormatException($"{where} supplies {input.Kind} values but its column '{column.Name}' holds {column.Kind}.");
                if (input.Slot < 0 || input.Slot >= column.Length)
                    throw new ModelFormatException($"{where} writes slot {input.Slot} of column '{column.Name}', which has {column.Length}.");
                long key = ((long)input.Column << 32) | (uint)input.Slot;
                if (covered.TryGetValue(key, out string? other))
                    throw new ModelFormatException($"{where} and input '{other}' write the same slot of column '{column.Name}'.");
                covered.Add(key, input.Name);
                written[input.Column] = true;
                inputsPerColumn[input.Column]++;
            }
            // Slots are distinct and in range, so a column is covered when it has as many inputs as slots.
            // (Checked once per column: per input it would be quadratic in the width of a vector input.)
            for (int c = 0; c < columns.Count; c++)
            {
                if (inputsPerColumn[c] == 0 || inputsPerColumn[c] == columns[c].Length) continue;
                for (int slot = 0; slot < columns[c].Length; slot++)
                    if (!covered.ContainsKey(((long)c << 32) | (uint)slot))
                        throw new ModelFormatException($"Slot {slot} of input column '{columns[c].Name}' has no input field.");
            }

            for (int i = 0; i < model.Transforms.Count; i++)
            {
                var transform = model.Transforms[i];
                string where = $"Transform #{i} ({transform.Kind})";
                transform.Validate(columns, where);
                foreach (int source in transform.Sources)
                    if (!written[source])
                        throw new ModelFormatException($"{where} reads column '{columns[source].Name}' before anything writes it.");
                if (written[transform.Destination])
                    throw new ModelFormatException($"{where} writes column '{columns[transform.Destination].Name}', which is already written.");
                written[transform.Destination] = true;
            }

            var predictor = model.Predictor;
            var features = ColumnCheck.Expect(columns, predictor.FeatureColumn, ColumnKind.Float, "Predictor", "feature");
            if (!written[predictor.FeatureColumn])
                throw new ModelFormatException($"Predictor reads column '{features.Name}', which nothing writes.");
            ColumnCheck.Length(features.Length, predictor.FeatureCount, "Predictor", $"feature column '{features.Name}'");

            int classes = model.Kind == PredictionKind.BinaryClassification ? 2 : model.Kind == PredictionKind.Regression ? 0 : predictor.ClassCount;
            if (model.ClassLabels.Count != classes)
                throw new ModelFormatException($"The output schema lists {model.ClassLabels.Count} class labels; the {model.Kind} predictor has {classes}.");
            if (model.Explanations != null) Explanations.ExplanationCodec.Validate(model.Explanations, predictor);
        }
    }
}
