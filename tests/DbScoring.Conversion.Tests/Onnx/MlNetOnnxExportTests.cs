using System;
using System.Globalization;
using System.IO;
using System.Linq;
using DbScoring.Runtime;
using Microsoft.ML;
using Xunit;
using Xunit.Abstractions;

namespace DbScoring.Conversion.Tests.Onnx
{
    /// <summary>
    /// Models from a producer we did not write: ML.NET's own ONNX exporter (Microsoft.ML.OnnxConverter) over the test
    /// pipelines, converted with ONNX Runtime as the parity oracle. The exporter writes one graph input per data column
    /// (labels included) and copies every column to an output; the converter keeps the inputs the prediction reads.
    /// </summary>
    public sealed class MlNetOnnxExportTests
    {
        private readonly ITestOutputHelper _output;

        public MlNetOnnxExportTests(ITestOutputHelper output) => _output = output;

        /// <summary>Exports the trained ML.NET model to ONNX next to its .zip and returns the .onnx path.</summary>
        internal static string Export(string features, string task, string trainer)
        {
            string zip = TrainedModels.TrainAndSave(features, task, trainer);
            string path = Path.ChangeExtension(zip, ".onnx");
            if (File.Exists(path)) return path;
            var ml = new MLContext(seed: 1);
            var model = ml.Model.Load(zip, out _);
            var data = ml.Data.LoadFromEnumerable(ChurnData.Generate(50, seed: 11));
            string temporary = path + "." + Guid.NewGuid().ToString("N");
            using (var stream = File.Create(temporary)) ml.Model.ConvertToOnnx(model, data, stream);
            File.Move(temporary, path, overwrite: true);
            return path;
        }

        [Theory]
        [InlineData("numeric-onehot", "binary", "FastTree", "Age,MonthlyCharges,Tenure")]
        [InlineData("onehot-normalize", "binary", "SdcaLogisticRegression", "Age,Tenure,MonthlyCharges,Plan,Region,HasPartner")]
        [InlineData("numeric-onehot", "regression", "FastTree", "Age,MonthlyCharges,Tenure")]
        [InlineData("numeric-onehot", "binary", "LightGbm", "Age,MonthlyCharges,Tenure")]
        [InlineData("onehot-normalize", "regression", "Sdca", "Age,Tenure,MonthlyCharges,Plan,Region,HasPartner")]
        [InlineData("onehot-normalize", "multiclass", "SdcaMaximumEntropy", "Age,Tenure,MonthlyCharges,Plan,Region,HasPartner")]
        public void An_MLNET_ONNX_export_converts_with_the_pipelines_inputs_and_passes_the_ONNX_Runtime_gate(string features, string task, string trainer, string inputs)
        {
            string path = Export(features, task, trainer);
            var result = ModelConverter.Convert(path);
            _output.WriteLine($"{features}/{task}/{trainer}: {result.Model.Metadata["algorithm"]}; {result.Model.Definition.Transforms.Count} transforms; gate {result.Parity}");
            Assert.True(result.Parity.Passed, result.Parity.ToString());
            Assert.Equal(0, result.Parity.LabelMismatches);
            Assert.StartsWith("ONNX Runtime ", result.Parity.Oracle);
            Assert.Equal(inputs.Split(',').OrderBy(n => n), result.Model.Inputs.Select(i => i.Name).OrderBy(n => n));
        }
    

        [Fact]
        public void Rows_ONNX_Runtime_refuses_to_score_are_counted_in_the_parity_report_and_the_blob()
        {
            // ML.NET exports the binary label as Binarizer(score), which ONNX Runtime refuses for a NaN score; the SDCA
            // logistic model's score is NaN on a row of opposite infinities.
            var result = ModelConverter.Convert(Export("onehot-normalize", "binary", "SdcaLogisticRegression"));
            _output.WriteLine(result.Parity.ToString());
            Assert.True(result.Parity.Passed, result.Parity.ToString());
            Assert.True(result.Parity.OracleRefusedRows > 0, result.Parity.ToString());
            Assert.Contains("NaN", result.Parity.OracleRefusal);
            Assert.Equal(result.Parity.OracleRefusedRows.ToString(CultureInfo.InvariantCulture), result.Model.Metadata["parity.oracleRefusedRows"]);
            Assert.Equal(result.Parity.OracleRefusal, result.Model.Metadata["parity.oracleRefusal"]);
            Assert.Contains($"{result.Parity.OracleRefusedRows} row", result.Parity.ToString());

            var clean = ModelConverter.Convert(Export("numeric-onehot", "binary", "FastTree"));
            Assert.Equal(0, clean.Parity.OracleRefusedRows);
            Assert.False(clean.Model.Metadata.ContainsKey("parity.oracleRefusedRows"));
        }

        [Fact]
        public void An_export_with_an_operator_outside_the_table_is_refused_by_op_domain_and_node()
        {
            // OneHotHashEncoding exports as MurmurHash3 in the com.microsoft domain.
            string path = Export("trees-raw", "regression", "FastTree");
            var error = Assert.Throws<ModelConversionException>(() => ModelConverter.Convert(path));
            Assert.Contains("the ONNX operator com.microsoft:MurmurHash3 (node 'MurmurHash3') is not supported", error.Message);
            Assert.Contains("Supported operators: ai.onnx.ml:TreeEnsembleRegressor", error.Message);
        }
    }
}
