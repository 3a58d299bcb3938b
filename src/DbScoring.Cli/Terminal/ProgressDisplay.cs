using System;
using System.Globalization;
using System.IO;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace DbScoring.Cli
{
    /// <summary>
    /// Progress of long work on stderr: a live Spectre.Console bar with rows, rows/s and the time left when stderr is a
    /// terminal; otherwise the command's own plain lines (<see cref="ProgressSink.Line"/>), unchanged for logs and scripts.
    /// </summary>
    public static class ProgressDisplay
    {
        /// <summary>Runs <paramref name="work"/>, showing its progress as described above.</summary>
        public static T Run<T>(CliContext context, string description, Func<ProgressSink, T> work)
        {
            if (context.Error is not TerminalWriter terminal) return work(new ProgressSink(context.Error, null));
            return terminal.Console(live: true).Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RowsColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .Start(progress =>
                {
                    var task = progress.AddTask(Markup.Escape(description), autoStart: true, maxValue: 1);
                    task.IsIndeterminate = true;
                    task.State.Update<long>(RowsColumn.Key, _ => 0);
                    var result = work(new ProgressSink(null, task));
                    if (!task.IsIndeterminate) task.Value = task.MaxValue;
                    task.StopTask();
                    return result;
                });
        }

        /// <summary>"1,234,567 rows  98,765 rows/s": the rows done, over the time since the task started.</summary>
        private sealed class RowsColumn : ProgressColumn
        {
            internal const string Key = "rows";

            public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
            {
                long rows = task.State.Get<long>(Key);
                double seconds = task.ElapsedTime?.TotalSeconds ?? 0;
                string rate = seconds > 0 ? (rows / seconds).ToString("N0", CultureInfo.InvariantCulture) : "–";
                return new Text($"{Plural.Count(rows, "row")}  {rate} rows/s");
            }
        }

        /// <summary>What long work reports its progress to.</summary>
        public sealed class ProgressSink
        {
            private readonly TextWriter? _plain;
            private readonly ProgressTask? _task;

            internal ProgressSink(TextWriter? plain, ProgressTask? task)
            {
                _plain = plain;
                _task = task;
            }

            /// <summary>A progress line, written as it is when stderr is not a terminal (the bar says it otherwise).</summary>
            public void Line(string text) => _plain?.WriteLine(text);

            /// <summary>
            /// Rows done so far, and how far the work is: <paramref name="done"/> of <paramref name="total"/> (rows, or bytes of
            /// a file); no total = no bar, no time left, only the rows and the rate.
            /// </summary>
            public void Report(long rows, long done, long? total)
            {
                if (_task == null) return;
                _task.State.Update<long>(RowsColumn.Key, _ => rows);
                if (total is long t && t > 0)
                {
                    _task.IsIndeterminate = false;
                    _task.MaxValue = t;
                    _task.Value = Math.Min(done, t);
                }
            }
        }
    }
}
