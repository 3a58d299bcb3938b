using System;
using System.Collections.Generic;
using Microsoft.ML.Data;

namespace DbScoring.Conversion.Tests
{
    /// <summary>A churn-like training row: numbers with missing values, categories, a boolean and three labels.</summary>
    public sealed class ChurnRow
    {
        public float Age { get; set; }
        public float Tenure { get; set; }
        public float MonthlyCharges { get; set; }
        public double TotalCharges { get; set; }
        public string Plan { get; set; } = "";
        public string Region { get; set; } = "";
        public bool HasPartner { get; set; }
        public string SeniorText { get; set; } = "";
        public bool Churn { get; set; }
        public float Spend { get; set; }
        public string Segment { get; set; } = "";
        public int Calls { get; set; }
    }

    /// <summary>Deterministic synthetic churn data, with signal so every trainer learns something non-trivial.</summary>
    public static class ChurnData
    {
        public static readonly string[] Plans = { "basic", "plus", "premium", "family" };
        public static readonly string[] Regions = { "north", "south", "east", "west", "Zürich" };

        public static List<ChurnRow> Generate(int count, int seed)
        {
            var random = new Random(seed);
            var rows = new List<ChurnRow>(count);
            for (int i = 0; i < count; i++)
            {
                float age = 18 + random.Next(60);
                float tenure = random.Next(72);
                float charges = 20 + (float)random.NextDouble() * 100;
                string plan = Plans[random.Next(Plans.Length)];
                string region = Regions[random.Next(Regions.Length)];
                bool partner = random.Next(2) == 1;
                double logit = -0.04 * tenure + 0.02 * charges - 0.01 * (age - 40) + (plan == "basic" ? 0.8 : plan == "premium" ? -0.6 : 0) + (partner ? -0.4 : 0.2) + random.NextDouble() * 1.5 - 0.75;
                var row = new ChurnRow
                {
                    Age = random.NextDouble() < 0.05 ? float.NaN : age,
                    Tenure = tenure,
                    MonthlyCharges = random.NextDouble() < 0.05 ? float.NaN : charges,
                    TotalCharges = tenure * charges,
                    Plan = random.NextDouble() < 0.03 ? "" : plan,
                    Region = region,
                    HasPartner = partner,
                    SeniorText = age >= 65 ? "1" : random.NextDouble() < 0.05 ? "" : "0",
                    Churn = logit > 0,
                    Spend = (float)Math.Max(0.5, charges * 0.8 + tenure * 0.3 + random.NextDouble() * 10),
                    Calls = random.Next(12),
                };
                row.Segment = logit > 0.8 ? "at-risk" : logit > -0.5 ? "watch" : "loyal";
                rows.Add(row);
            }
            return rows;
        }
    }
}
