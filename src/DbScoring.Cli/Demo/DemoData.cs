using System;
using System.Globalization;
using System.IO;

namespace DbScoring.Cli.Demo
{
    /// <summary>
    /// A realistic churn table, generated: customers with age, tenure, charges, plan, region, partner and support
    /// calls — some values missing — and whether they churned. Deterministic for a seed, so reruns match.
    /// </summary>
    public static class DemoData
    {
        private static readonly string[] Plans = { "basic", "plus", "premium", "family" };
        private static readonly string[] Regions = { "north", "south", "east", "west", "central" };

        /// <summary>The CSV header, in column order.</summary>
        public const string Header = "CustomerId,Age,Tenure,MonthlyCharges,SupportCalls,Plan,Region,HasPartner,Churned";

        /// <summary>Writes <paramref name="rows"/> customers to <paramref name="path"/>.</summary>
        public static void Write(string path, int rows, int seed) => Write(path, rows, seed, firstId: 1, ageShift: 0, newPlanShare: 0);

        /// <summary>
        /// Writes <paramref name="rows"/> customers numbered from <paramref name="firstId"/>: a later month whose customers are
        /// <paramref name="ageShift"/> years older and of whom <paramref name="newPlanShare"/> took a new plan, "student" — drift.
        /// </summary>
        public static void Write(string path, int rows, int seed, int firstId, int ageShift, double newPlanShare)
        {
            var random = new Random(seed);
            using var writer = new StreamWriter(path);
            writer.WriteLine(Header);
            for (int id = firstId; id < firstId + rows; id++)
            {
                int age = 18 + random.Next(62) + ageShift;
                int tenure = random.Next(72);
                double charges = Math.Round(20 + random.NextDouble() * 100, 2);
                int calls = Poisson(random, 1.5);
                string plan = Plans[random.Next(Plans.Length)];
                if (newPlanShare > 0 && random.NextDouble() < newPlanShare) plan = "student";
                string region = Regions[random.Next(Regions.Length)];
                bool partner = random.Next(2) == 1;
                double logit = -2.2 - 0.045 * tenure + 0.025 * charges + 0.35 * calls - 0.012 * (age - 40)
                               + (plan == "basic" ? 0.7 : plan == "premium" ? -0.5 : 0) + (partner ? -0.4 : 0.2) + (region == "south" ? 0.3 : 0);
                bool churned = random.NextDouble() < 1 / (1 + Math.Exp(-logit));
                writer.WriteLine(string.Join(",",
                    id.ToString(CultureInfo.InvariantCulture),
                    random.NextDouble() < 0.04 ? "" : age.ToString(CultureInfo.InvariantCulture),
                    tenure.ToString(CultureInfo.InvariantCulture),
                    random.NextDouble() < 0.03 ? "" : charges.ToString(CultureInfo.InvariantCulture),
                    calls.ToString(CultureInfo.InvariantCulture),
                    random.NextDouble() < 0.02 ? "" : plan,
                    region,
                    partner ? "true" : "false",
                    churned ? "true" : "false"));
            }
        }

        private static int Poisson(Random random, double mean)
        {
            double limit = Math.Exp(-mean), product = random.NextDouble();
            int count = 0;
            while (product > limit) { count++; product *= random.NextDouble(); }
            return count;
        }
    }
}
