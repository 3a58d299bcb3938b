using System.Collections.Generic;
using DbScoring.Runtime.Transforms;

namespace DbScoring.Runtime.Explanations
{
    /// <summary>
    /// Which input produced each slot of a working column, traced through the pipeline once per model. Every transform
    /// is slot-wise (slot j of the destination comes from slot j of the source) except Concatenate (the sources end to
    /// end), SelectSlots (the listed source slots), KeyToVector (one-hot: slot j·K + k from element j; bag: slot k from every
    /// element) and LpNormalize (every slot is divided by the row's norm, so it comes from every slot of the row).
    /// </summary>
    internal static class SlotLineage
    {
        /// <summary>The slot comes from no input (a constant).</summary>
        internal const int NoInput = -1;

        /// <summary>The slot mixes several inputs (a bag of a vector input): not attributable to one.</summary>
        internal const int SeveralInputs = -2;

        /// <summary>Per slot of <paramref name="column"/>: the input index, <see cref="NoInput"/> or <see cref="SeveralInputs"/>.</summary>
        internal static int[] Trace(ModelDefinition model, int column)
        {
            var columns = model.Columns;
            var lineage = new int[columns.Count][];
            for (int c = 0; c < columns.Count; c++)
            {
                lineage[c] = new int[columns[c].Length];
                for (int s = 0; s < lineage[c].Length; s++) lineage[c][s] = NoInput;
            }
            foreach (var input in model.Inputs) lineage[input.Column][input.Slot] = input.Index;
            foreach (var transform in model.Transforms)
            {
                int[] destination = lineage[transform.Destination];
                switch (transform)
                {
                    case ConcatenateTransform concatenate:
                        int at = 0;
                        foreach (int source in concatenate.Sources)
                        {
                            lineage[source].CopyTo(destination, at);
                            at += lineage[source].Length;
                        }
                        break;
                    case KeyToVectorTransform oneHot:
                        int[] elements = lineage[oneHot.Source];
                        int keys = columns[oneHot.Source].KeyCount;
                        for (int slot = 0; slot < destination.Length; slot++)
                        {
                            if (!oneHot.Bag) { destination[slot] = elements[slot / keys]; continue; }
                            int merged = NoInput;
                            foreach (int element in elements) merged = Merge(merged, element);
                            destination[slot] = merged;
                        }
                        break;
                    case SelectSlotsTransform select:
                        for (int slot = 0; slot < destination.Length; slot++) destination[slot] = lineage[select.Source][select.Slots[slot]];
                        break;
                    case LpNormalizeTransform normalize:
                        int row = NoInput;
                        foreach (int element in lineage[normalize.Source]) row = Merge(row, element);
                        for (int slot = 0; slot < destination.Length; slot++) destination[slot] = row;
                        break;
                    case OneToOneTransform slotWise:
                        lineage[slotWise.Source].CopyTo(destination, 0);
                        break;
                    default:
                        throw new ModelFormatException($"Transform {transform.Kind} has no slot lineage rule, so its outputs cannot be attributed to inputs.");
                }
            }
            return lineage[column];
        }

        private static int Merge(int a, int b) => a == b || b == NoInput ? a : a == NoInput ? b : SeveralInputs;

        /// <summary>Names the inputs behind a slot marked <see cref="SeveralInputs"/>, for refusals.</summary>
        internal static string Describe(ModelDefinition model, int featureColumn, int slot) =>
            $"feature slot {slot} of '{model.Columns[featureColumn].Name}'";
    }
}
