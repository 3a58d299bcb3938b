using System;
using System.Globalization;
using System.Text;
using DbScoring.Runtime;
using DbScoring.Runtime.Explanations;

namespace DbScoring.SqlClr.MonoHarness
{
    /// <summary>
    /// Explains rows with the runtime compiled into the net48 SqlClr assembly and prints every double bit for bit, so that
    /// MonoNet48Tests can compare with the net10 runtime. The same function runs on net10 in the test.
    /// </summary>
    public static class ExplainRows
    {
        /// <summary>One line per row: contributions, base, raw score as hex IEEE-754 bits, then the ranking.</summary>
        public static string Run(byte[] blob, string[] rows)
        {
            var model = ScoringModel.Load(blob);
            var scorer = model.CreateScorer();
            var explanation = new Explanation(model);
            var output = new StringBuilder();
            foreach (string line in rows)
            {
                if (line.Length == 0)
                {
                    continue;
                }

                string[] fields = line.Split('\t');
                for (int i = 0; i < model.Inputs.Count; i++)
                {
                    scorer.SetText(i, fields[i] == "\\N" ? null : fields[i]);
                }

                scorer.Explain(explanation);
                foreach (double c in explanation.Contributions)
                {
                    output.Append(Bits(c)).Append(' ');
                }

                output.Append(Bits(explanation.Base)).Append(' ').Append(Bits(explanation.RawScore)).Append(" |");
                foreach (int i in explanation.Ranked)
                {
                    output.Append(' ').Append(i.ToString(CultureInfo.InvariantCulture));
                }

                output.Append('\n');
            }

            return output.ToString();
        }

        private static string Bits(double value) => BitConverter.DoubleToInt64Bits(value).ToString("x16", CultureInfo.InvariantCulture);
    }
}
