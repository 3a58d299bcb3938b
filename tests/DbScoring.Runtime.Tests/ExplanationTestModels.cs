using System.Collections.Generic;
using DbScoring.Runtime.Explanations;
using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Tests
{
    /// <summary>The test models with node covers recorded by the production <see cref="CoverRecorder"/>, and edge rows.</summary>
    internal static class ExplanationTestModels
    {
        /// <summary>
        /// Feature slot → input of the test pipeline, derived by hand from <see cref="TestModels"/>' Concatenate:
        /// AgeFilled, PlanVec[3], CityVec[16], TenureNorm, IsVip, IncomeCdf, AgeBin.
        /// </summary>
        internal static int InputOfSlot(int slot)
        {
            if (slot == 0 || slot == 23) return TestModels.Age;
            if (slot <= 3) return TestModels.Plan;
            if (slot <= 19) return TestModels.City;
            if (slot == 20) return TestModels.Tenure;
            if (slot == 21) return TestModels.IsVip;
            return TestModels.Income;
        }

        /// <summary>Loads <paramref name="definition"/> with covers recorded from <paramref name="referenceRows"/> rows, through the blob format.</summary>
        internal static ScoringModel WithCovers(ModelDefinition definition, int referenceRows = 400)
        {
            var plain = Probe.Load(definition);
            var recorder = new CoverRecorder(plain);
            if (!recorder.HasTrees) return plain;
            foreach (var row in TestModels.Rows(referenceRows, seed: 7))
            {
                TestModels.Set(recorder.Scorer, row);
                recorder.Record();
            }
            return ScoringModel.Load(ModelSerializer.Write(definition.WithExplanations(recorder.ToExplanationData(referenceRows + " test rows"))));
        }

        /// <summary>Ordinary rows (with missing values and unseen categories) followed by extreme ones.</summary>
        internal static List<TestModels.Row> EdgeRows()
        {
            var rows = TestModels.Rows(300, seed: 11);
            double[] extremes = { double.NaN, 0, -0.0, 1e30, -1e30, 3.4e38, -3.4e38, 1e-30, double.PositiveInfinity, double.NegativeInfinity };
            foreach (double x in extremes)
            {
                rows.Add(new TestModels.Row { Age = x, Plan = "pro", Tenure = x, City = "Basel", IsVip = 1, Income = x.ToString("R", System.Globalization.CultureInfo.InvariantCulture) });
                rows.Add(new TestModels.Row { Age = x, Plan = null, Tenure = 1, City = null, IsVip = double.NaN, Income = null });
                rows.Add(new TestModels.Row { Age = 30, Plan = "never-seen", Tenure = x, City = "", IsVip = 0, Income = "?" });
            }
            return rows;
        }
    }
}
