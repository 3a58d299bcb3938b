using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DbScoring.Benchmarks
{
    /// <summary>One row of the UCI Adult census data (../shared/data/adult.txt).</summary>
    public sealed class AdultRow
    {
        [LoadColumn(0), ColumnName("age")] public float Age { get; set; }
        [LoadColumn(1), ColumnName("workclass")] public string Workclass { get; set; } = "";
        [LoadColumn(2), ColumnName("fnlwgt")] public float Fnlwgt { get; set; }
        [LoadColumn(3), ColumnName("education")] public string Education { get; set; } = "";
        [LoadColumn(4), ColumnName("education-num")] public float EducationNum { get; set; }
        [LoadColumn(5), ColumnName("marital-status")] public string MaritalStatus { get; set; } = "";
        [LoadColumn(6), ColumnName("occupation")] public string Occupation { get; set; } = "";
        [LoadColumn(7), ColumnName("relationship")] public string Relationship { get; set; } = "";
        [LoadColumn(8), ColumnName("ethnicity")] public string Ethnicity { get; set; } = "";
        [LoadColumn(9), ColumnName("sex")] public string Sex { get; set; } = "";
        [LoadColumn(10), ColumnName("capital-gain")] public float CapitalGain { get; set; }
        [LoadColumn(11), ColumnName("capital-loss")] public float CapitalLoss { get; set; }
        [LoadColumn(12), ColumnName("hours-per-week")] public float HoursPerWeek { get; set; }
        [LoadColumn(13), ColumnName("native-country")] public string NativeCountry { get; set; } = "";
        [LoadColumn(14), ColumnName("Label")] public bool Label { get; set; }
    }

    /// <summary>ML.NET's outputs, for PredictionEngine.</summary>
    public sealed class ScoreOutput
    {
        public float Score { get; set; }
    }

    /// <summary>Multiclass output.</summary>
    public sealed class MulticlassOutput
    {
        public float[] Score { get; set; } = Array.Empty<float>();
    }

    /// <summary>Loads the Adult data; the benchmarks need ../shared/data (or DBSCORING_DATA).</summary>
    public static class AdultData
    {
        public static readonly string[] Categorical = { "workclass", "education", "marital-status", "occupation", "ethnicity", "sex", "native-country" };
        public static readonly string[] Numeric = { "age", "fnlwgt", "education-num", "capital-gain", "capital-loss", "hours-per-week" };

        public static string Path()
        {
            string? configured = Environment.GetEnvironmentVariable("DBSCORING_DATA");
            if (!string.IsNullOrEmpty(configured) && File.Exists(System.IO.Path.Combine(configured, "adult.txt")))
                return System.IO.Path.Combine(configured, "adult.txt");
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                string candidate = System.IO.Path.Combine(dir.FullName, "shared", "data", "adult.txt");
                if (File.Exists(candidate)) return candidate;
            }
            throw new FileNotFoundException("The benchmarks read ../shared/data/adult.txt; set DBSCORING_DATA to the folder holding it.");
        }

        public static List<AdultRow> Load(MLContext ml)
        {
            var view = ml.Data.LoadFromTextFile<AdultRow>(Path(), separatorChar: ',', hasHeader: true, trimWhitespace: true);
            return new List<AdultRow>(ml.Data.CreateEnumerable<AdultRow>(view, reuseRowObject: false));
        }
    }
}
