using System;
using System.Runtime.CompilerServices;
using DbScoring.Runtime.Predictors;

namespace DbScoring.Runtime
{
    public sealed partial class Scorer
    {
        private ScoreFunction[]? _blockFunctions; // the predictor's forests when PredictBatch scores them in blocks (set by the constructor)
        private RowBlock? _block;                          // allocated on the first batch scored in blocks, then reused
        private BlockStaging? _staging;                    // stages blocks from the columns when the plan allows it (set with _block)

        /// <summary>
        /// Scores <paramref name="rowCount"/> rows given column by column, without allocating: for input i,
        /// <paramref name="numbers"/>[i][row] (Number and Boolean inputs; NaN = missing) or <paramref name="texts"/>[i][row]
        /// (Text inputs; null = missing); the array of the other kind may be null. Writes Score per row, and when the
        /// arrays are given Probability, PredictedClass and (multiclass) the class scores, row-major.
        /// Exactly the results of <see cref="Predict"/> row by row, without the per-call overhead of setting each input.
        /// </summary>
        [MethodImpl(HotPath.Options)] // a loop over blocks: fully optimized from the first call (short batches would run it in tier-0 code)
        public void PredictBatch(int rowCount, double[]?[] numbers, string?[]?[] texts, float[] scores,
            float[]? probabilities = null, int[]? predictedClasses = null, float[]? classScores = null)
        {
            if (numbers == null) throw new ArgumentNullException(nameof(numbers));
            if (texts == null) throw new ArgumentNullException(nameof(texts));
            if (scores == null) throw new ArgumentNullException(nameof(scores));
            if (rowCount < 0 || scores.Length < rowCount) throw new ArgumentException($"scores holds {scores.Length} values for {rowCount} rows.", nameof(scores));
            int inputs = _inputKind.Length, classes = _prediction.ClassScores.Length;
            if (numbers.Length != inputs || texts.Length != inputs)
                throw new ArgumentException($"The model has {inputs} inputs; numbers has {numbers.Length} columns and texts {texts.Length}.");
            for (int i = 0; i < inputs; i++)
            {
                bool isText = _inputKind[i] == InputKind.Text;
                Array? column = isText ? texts[i] : numbers[i];
                if (column == null || column.Length < rowCount)
                    throw new ArgumentException($"Input '{_model.Inputs[i].Name}' needs {(isText ? "texts" : "numbers")}[{i}] with at least {rowCount} values.");
            }
            if (probabilities != null && probabilities.Length < rowCount) throw new ArgumentException("probabilities is shorter than the batch.", nameof(probabilities));
            if (predictedClasses != null && predictedClasses.Length < rowCount) throw new ArgumentException("predictedClasses is shorter than the batch.", nameof(predictedClasses));
            if (classScores != null && classScores.Length < (long)rowCount * classes) throw new ArgumentException("classScores is shorter than rows × classes.", nameof(classScores));

            var predictor = _model.Plan.Predictor;
            var functions = _blockFunctions;
            if (functions == null)
            {
                for (int row = 0; row < rowCount; row++)
                {
                    SetRow(row, numbers, texts);
                    Write(Predict(), row, scores, probabilities, predictedClasses, classScores);
                }
                return;
            }

            // Rows are staged RowBlock.Rows at a time (straight from the columns, or through the frame and the transforms
            // one by one), then the predictor's forests score them together.
            if (_block == null)
            {
                _block = new RowBlock(_frame, _workspace.TreeMasks.Length, functions.Length);
                _staging = BlockStaging.TryCreate(_model.Plan, _inputKind, _inputOffset);
            }
            var block = _block;
            var staging = _staging;
            int featureOffset = _frame.Offsets[predictor.FeatureColumn];
            var labels = _model.Definition.ClassLabels;
            for (int first = 0; first < rowCount; first += RowBlock.Rows)
            {
                int rows = Math.Min(RowBlock.Rows, rowCount - first);
                if (staging != null) staging.Stage(block, first, rows, numbers, texts);
                else
                {
                    for (int r = 0; r < rows; r++)
                    {
                        SetRow(first + r, numbers, texts); // sets every input: nothing to clear between rows
                        RunTransforms();
                        block.Stage(r, _frame);
                    }
                }
                for (int k = 0; k < functions.Length; k++) functions[k].ScoreBlock(block, featureOffset, block.Raw[k]);
                for (int r = 0; r < rows; r++)
                {
                    predictor.PredictFromBlock(block, r, _prediction, labels);
                    Write(_prediction, first + r, scores, probabilities, predictedClasses, classScores);
                }
            }
            ClearInputs();
        }

        /// <summary>
        /// The forests <see cref="PredictBatch"/> scores in blocks of rows: none unless the block kernel is selected
        /// (<see cref="QuickScorerForest"/>.BlockKernelSelected: where it runs in hardware); otherwise the batch path scores row by row.
        /// </summary>
        private static ScoreFunction[]? BlockFunctionsOf(ScoringModel model) =>
#if NET
            QuickScorerForest.BlockKernelSelected ? model.Plan.Predictor.BlockFunctions : null;
#else
            null;
#endif

        /// <summary>For tests: this scorer's batches go through the block kernel where the forests allow it, selected or not.</summary>
        internal void ScoreBatchesInBlocks() => _blockFunctions = _model.Plan.Predictor.BlockFunctions;

        /// <summary>Sets every input from row <paramref name="row"/> of the columns (checked by the caller), as SetText/SetNumber would.</summary>
        private void SetRow(int row, double[]?[] numbers, string?[]?[] texts)
        {
            float[] floats = _frame.Floats;
            string?[] textSlots = _frame.Texts;
            for (int i = 0; i < _inputKind.Length; i++)
            {
                switch (_inputKind[i])
                {
                    case InputKind.Text: textSlots[_inputOffset[i]] = texts[i]![row]; break;
                    case InputKind.Number: floats[_inputOffset[i]] = (float)numbers[i]![row]; break;
                    default: floats[_inputOffset[i]] = BooleanValue(numbers[i]![row]); break;
                }
            }
        }

        private static void Write(Prediction prediction, int row, float[] scores, float[]? probabilities, int[]? predictedClasses, float[]? classScores)
        {
            scores[row] = prediction.Score;
            if (probabilities != null) probabilities[row] = prediction.Probability;
            if (predictedClasses != null) predictedClasses[row] = prediction.PredictedClass;
            int classes = prediction.ClassScores.Length;
            if (classScores != null) Array.Copy(prediction.ClassScores, 0, classScores, row * classes, classes);
        }
    }
}
