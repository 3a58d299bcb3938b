using System.Globalization;
using System.Text;

namespace DbScoring.Runtime.Explanations
{
    /// <summary>
    /// The one JSON shape of an explanation, used everywhere a score is explained (SQLite's dbscoring_explain, the
    /// prediction logs of both stores, the SQL Server functions, the CLI's --json):
    /// <code>
    /// {"class":null,"scale":"raw score (margin), before calibration to a probability","method":"TreeShap",
    ///  "base":-1.2,"rawScore":0.4,"contributions":[{"input":"Tenure","contribution":0.9},{"input":"Plan","contribution":0.7}]}
    /// </code>
    /// <c>contributions</c> is strongest first (<see cref="Explanation.Ranked"/>), the top n or all of them; <c>class</c> is
    /// the explained class label of a multiclass model (null otherwise); numbers are round-trip doubles, NaN and ±∞ are
    /// null. Written by hand: net48 (SQL Server's CLR) has no JSON serializer in the box.
    /// </summary>
    public static class ExplanationJson
    {
        /// <summary>The explanation as JSON with its <paramref name="top"/> strongest contributions (all when ≤ 0 or more than there are).</summary>
        public static string Write(Explanation explanation, int top = 0)
        {
            if (explanation == null) throw new System.ArgumentNullException(nameof(explanation));
            var inputs = explanation.Model.Inputs;
            int count = top <= 0 || top > inputs.Count ? inputs.Count : top;
            var sb = new StringBuilder(96 + 48 * count);
            sb.Append("{\"class\":").Append(explanation.ClassLabel == null ? "null" : ModelDescription.Quote(explanation.ClassLabel));
            sb.Append(",\"scale\":").Append(ModelDescription.Quote(explanation.Scale));
            sb.Append(",\"method\":").Append(ModelDescription.Quote(explanation.Method.ToString()));
            sb.Append(",\"base\":").Append(Number(explanation.Base));
            sb.Append(",\"rawScore\":").Append(Number(explanation.RawScore));
            sb.Append(",\"contributions\":[");
            for (int r = 0; r < count; r++)
            {
                int input = explanation.Ranked[r];
                if (r > 0) sb.Append(',');
                sb.Append("{\"input\":").Append(ModelDescription.Quote(inputs[input].Name));
                sb.Append(",\"contribution\":").Append(Number(explanation.Contributions[input])).Append('}');
            }
            return sb.Append("]}").ToString();
        }

        /// <summary>Round-trip invariant text of a double; "null" for NaN and ±∞ (JSON has no such numbers).</summary>
        public static string Number(double value) =>
            double.IsNaN(value) || double.IsInfinity(value) ? "null" : value.ToString("R", CultureInfo.InvariantCulture);
    }
}
