using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace DbScoring.Cli.FileScoring
{
    /// <summary>
    /// Runs a source and the stages after it each on its own thread, over a fixed set of recycled chunks: while one chunk
    /// is filled, the one before is in the next stage, and so on. Every stage takes its chunks in the order the source
    /// filled them, so the last stage sees the input order. The first failure in any stage stops every stage and is
    /// thrown again to the caller as it was (type, message, stack).
    /// </summary>
    internal static class ChunkPipeline
    {
        /// <summary>
        /// Fills chunks with <paramref name="fill"/> (false: the source is done and the chunk holds nothing) and passes
        /// each through <paramref name="stages"/> in turn; returns when the last chunk has left the last stage.
        /// </summary>
        public static void Run<T>(IReadOnlyCollection<T> chunks, Func<T, bool> fill, params Action<T>[] stages) where T : class
        {
            using var cancel = new CancellationTokenSource();
            var token = cancel.Token;
            Exception? failure = null;
            var free = new BlockingCollection<T>(new ConcurrentQueue<T>(chunks));
            var queues = stages.Select(_ => new BlockingCollection<T>(new ConcurrentQueue<T>())).ToArray();
            try
            {
                void Guarded(Action body) // the first failure is the one reported; the others stop because of it
                {
                    try { body(); }
                    catch (OperationCanceledException) when (token.IsCancellationRequested) { }
                    catch (Exception ex)
                    {
                        Interlocked.CompareExchange(ref failure, ex, null);
                        cancel.Cancel();
                    }
                }

                var threads = new List<Task>
                {
                    Task.Factory.StartNew(() => Guarded(() =>
                    {
                        try
                        {
                            while (true)
                            {
                                var chunk = free.Take(token);
                                if (!fill(chunk)) break;
                                queues[0].Add(chunk, token);
                            }
                        }
                        finally { queues[0].CompleteAdding(); }
                    }), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default),
                };
                for (int s = 0; s < stages.Length; s++)
                {
                    var stage = stages[s];
                    var from = queues[s];
                    var to = s + 1 < stages.Length ? queues[s + 1] : null;
                    threads.Add(Task.Factory.StartNew(() => Guarded(() =>
                    {
                        try
                        {
                            foreach (var chunk in from.GetConsumingEnumerable(token))
                            {
                                stage(chunk);
                                (to ?? free).Add(chunk, token);
                            }
                        }
                        finally { to?.CompleteAdding(); }
                    }), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default));
                }
                Task.WaitAll(threads.ToArray()); // every body catches its own failure, so this cannot throw
            }
            finally
            {
                free.Dispose();
                foreach (var queue in queues) queue.Dispose();
            }
            if (failure != null) ExceptionDispatchInfo.Capture(failure).Throw();
        }
    }
}
