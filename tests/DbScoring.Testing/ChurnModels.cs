using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DbScoring.Conversion;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DbScoring.Testing;

/// <summary>
/// Small real models for the SQL layer: trained with ML.NET, saved as .zip, converted to blobs by the converter
/// (which runs its parity gate). Inputs: Age (number, may be missing), Plan (text, one-hot), Tenure (number);
/// the "wide" model adds MonthlyCharges (other inputs = other signature).
/// </summary>
public static class ChurnModels
{
    private static readonly Lazy<byte[]> ChurnV1 = new(() => Train("churn-v1", wide: false, lbfgs: false));
    private static readonly Lazy<byte[]> ChurnV2 = new(() => Train("churn-v2", wide: false, lbfgs: true));
    private static readonly Lazy<byte[]> ChurnWide = new(() => Train("churn-wide", wide: true, lbfgs: false));

    /// <summary>SDCA logistic regression on Age, Plan, Tenure.</summary>
    public static byte[] Churn => ChurnV1.Value;

    /// <summary>L-BFGS logistic regression on the same inputs (a second version with the same signature).</summary>
    public static byte[] ChurnRetrained => ChurnV2.Value;

    /// <summary>Adds MonthlyCharges (a version with other inputs).</summary>
    public static byte[] ChurnWithCharges => ChurnWide.Value;

    private static readonly Lazy<byte[]> Snooping = new(TrainSnooping);

    /// <summary>
    /// A "malicious" version for the security tests: besides Age, Plan and Tenure it takes SSN (text) and Salary (number),
    /// so a privileged run that maps inputs by name would copy those columns into the prediction log.
    /// </summary>
    public static byte[] ChurnReadingSsnAndSalary => Snooping.Value;

    public static readonly string[] Plans = { "basic", "plus", "premium" };

    private sealed class Row
    {
        public float Age { get; set; }
        public string Plan { get; set; } = "";
        public float Tenure { get; set; }
        public float MonthlyCharges { get; set; }
        public bool Churn { get; set; }
    }

    /// <summary>The deterministic feature values of synthetic row <paramref name="i"/> (also used to fill SQL tables).</summary>
    /// <remarks>The same formulas in T-SQL (bigint arithmetic): <see cref="FeaturesSql"/>.</remarks>
    public static (float? Age, string? Plan, float Tenure, float MonthlyCharges) Features(long i)
    {
        float? age = i % 17 == 0 ? null : 18 + (i * 7919 % 60);
        string? plan = i % 23 == 0 ? null : Plans[i * 31 % 3];
        float tenure = i * 104729 % 72;
        float charges = 20 + (i * 13 % 100);
        return (age, plan, tenure, charges);
    }

    /// <summary>T-SQL select-list computing <see cref="Features"/> from a bigint column <c>n.i</c>.</summary>
    public const string FeaturesSql =
        "Age = CASE WHEN n.i % 17 = 0 THEN NULL ELSE CONVERT(real, 18 + n.i * 7919 % 60) END, " +
        "[Plan] = CASE WHEN n.i % 23 = 0 THEN NULL ELSE CHOOSE(CONVERT(int, n.i * 31 % 3) + 1, N'basic', N'plus', N'premium') END, " +
        "Tenure = CONVERT(real, n.i * 104729 % 72), MonthlyCharges = CONVERT(real, 20 + n.i * 13 % 100)";

    private sealed class SnoopingRow
    {
        public float Age { get; set; }
        public string Plan { get; set; } = "";
        public float Tenure { get; set; }
        public string SSN { get; set; } = "";
        public float Salary { get; set; }
        public bool Churn { get; set; }
    }

    private static byte[] TrainSnooping()
    {
        var ml = new MLContext(seed: 1);
        var rows = Enumerable.Range(1, 2000).Select(i =>
        {
            var f = Features(i);
            return new SnoopingRow
            {
                Age = f.Age ?? float.NaN, Plan = f.Plan ?? "", Tenure = f.Tenure, SSN = "000-00-" + (i % 10).ToString("0000", System.Globalization.CultureInfo.InvariantCulture),
                Salary = 30000 + (i * 7 % 50) * 1000, Churn = (f.Plan == "basic") != (i % 5 == 0),
            };
        }).ToList();
        IDataView data = ml.Data.LoadFromEnumerable(rows);
        var pipeline = ml.Transforms.ReplaceMissingValues("Age", replacementMode: Microsoft.ML.Transforms.MissingValueReplacingEstimator.ReplacementMode.Mean)
            .Append(ml.Transforms.Categorical.OneHotEncoding("PlanVec", "Plan"))
            .Append(ml.Transforms.Categorical.OneHotEncoding("SsnVec", "SSN"))
            .Append(ml.Transforms.Concatenate("Features", "Age", "Tenure", "PlanVec", "SsnVec", "Salary"))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression("Churn", maximumNumberOfIterations: 20));
        return Save(ml, pipeline.Fit(data), data, "churn-ssn");
    }

    private static byte[] Save(MLContext ml, ITransformer model, IDataView data, string name)
    {
        string folder = Path.Combine(Path.GetTempPath(), "dbscoring-sql-tests-" + Environment.ProcessId);
        Directory.CreateDirectory(folder);
        string zip = Path.Combine(folder, name + ".zip");
        ml.Model.Save(model, data.Schema, zip);
        return ModelConverter.Convert(zip, new ConversionOptions { Name = name }).Blob;
    }

    private static byte[] Train(string name, bool wide, bool lbfgs)
    {
        var ml = new MLContext(seed: 1);
        var rows = Enumerable.Range(1, 2000).Select(i =>
        {
            var f = Features(i);
            float risk = (f.Plan == "basic" ? 1.2f : f.Plan == "plus" ? 0.2f : -0.8f) - f.Tenure / 30f + (wide ? f.MonthlyCharges / 80f : 0f);
            return new Row { Age = f.Age ?? float.NaN, Plan = f.Plan ?? "", Tenure = f.Tenure, MonthlyCharges = f.MonthlyCharges, Churn = risk + (i % 7 - 3) / 5f > 0 };
        }).ToList();
        IDataView data = ml.Data.LoadFromEnumerable(rows);
        if (!wide)
        {
            data = ml.Transforms.DropColumns("MonthlyCharges").Fit(data).Transform(data);
        }

        var features = new List<string> { "Age", "Tenure", "PlanVec" };
        if (wide)
        {
            features.Add("MonthlyCharges");
        }

        IEstimator<ITransformer> trainer = lbfgs
            ? ml.BinaryClassification.Trainers.LbfgsLogisticRegression("Churn")
            : ml.BinaryClassification.Trainers.SdcaLogisticRegression("Churn", maximumNumberOfIterations: 20);
        var pipeline = ml.Transforms.ReplaceMissingValues("Age", replacementMode: Microsoft.ML.Transforms.MissingValueReplacingEstimator.ReplacementMode.Mean)
            .Append(ml.Transforms.Categorical.OneHotEncoding("PlanVec", "Plan"))
            .Append(ml.Transforms.Concatenate("Features", features.ToArray()))
            .Append(trainer);
        return Save(ml, pipeline.Fit(data), data, name);
    }
}
