using DbScoring.Runtime;

namespace DbScoring.Conversion.Parity
{
    /// <summary>
    /// One row of input values, indexed like the model's input fields: numbers (NaN = missing) for Number and
    /// Boolean fields, text (null = missing) for Text fields.
    /// </summary>
    internal sealed class SampleRow
    {
        public SampleRow(int fieldCount)
        {
            Numbers = new double[fieldCount];
            Texts = new string?[fieldCount];
        }

        public double[] Numbers { get; }
        public string?[] Texts { get; }

        /// <summary>Sets every input of <paramref name="scorer"/> from this row.</summary>
        public void SetOn(Scorer scorer)
        {
            var inputs = scorer.Model.Inputs;
            for (int i = 0; i < inputs.Count; i++)
            {
                if (inputs[i].Kind == InputKind.Text) scorer.SetText(i, Texts[i]);
                else scorer.SetNumber(i, Numbers[i]);
            }
        }
    }
}
