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
    }
}
