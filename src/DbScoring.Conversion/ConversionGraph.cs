using System;
using System.Collections.Generic;
using System.Linq;
using DbScoring.Runtime;
using DbScoring.Runtime.Transforms;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DbScoring.Conversion
{
    /// <summary>
    /// The model under construction: working columns written once each, the transforms that write them, and the
    /// current binding of ML.NET column names to working columns (ML.NET may reuse a name; we never reuse a column).
    /// </summary>
    internal sealed class ConversionGraph
    {
        private readonly Dictionary<string, int> _byName = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _unusable = new(StringComparer.Ordinal);

        public List<ColumnDefinition> Columns { get; } = new();
        public List<PendingTransform> Transforms { get; } = new();

        /// <summary>Input columns: working column → the ML.NET input column it came from.</summary>
        public Dictionary<int, DataViewSchema.Column> InputColumns { get; } = new();

        public int AddColumn(string name, ColumnKind kind, int length, int keyCount = 0)
        {
            Columns.Add(new ColumnDefinition(name, kind, length, keyCount));
            return Columns.Count - 1;
        }

        public void Bind(string name, int column)
        {
            _byName[name] = column;
            _unusable.Remove(name);
        }

        /// <summary>Marks an ML.NET column that exists but cannot be scored; using it later fails with <paramref name="reason"/>.</summary>
        public void BindUnusable(string name, string reason)
        {
            _byName.Remove(name);
            _unusable[name] = reason;
        }

        /// <summary>The working column currently named <paramref name="name"/>; <paramref name="user"/> names the component in errors.</summary>
        public int Resolve(string name, string user)
        {
            if (_byName.TryGetValue(name, out int column)) return column;
            if (_unusable.TryGetValue(name, out string? reason))
                throw new ModelConversionException($"{user} reads column '{name}', which DbScoring cannot score: {reason}", user);
            throw new ModelConversionException($"{user} reads column '{name}', which the pipeline does not define at that point.", user);
        }

        public ColumnDefinition Column(int index) => Columns[index];

        /// <summary>
        /// Appends a transform writing a new column from <paramref name="sources"/> and binds <paramref name="outputName"/>
        /// to it. <paramref name="create"/> builds the runtime transform once final column numbers are known: it gets
        /// the renumbering function and the destination.
        /// </summary>
        public int Emit(string outputName, ColumnKind kind, int length, int keyCount, int[] sources, Func<Func<int, int>, int, Transform> create)
        {
            int destination = AddColumn(outputName, kind, length, keyCount);
            Transforms.Add(new PendingTransform(destination, sources, create));
            Bind(outputName, destination);
            return destination;
        }

        /// <summary>
        /// Keeps only what the feature column needs (ML.NET pipelines also carry label and passthrough columns),
        /// renumbering columns so that inputs come first in input-schema order.
        /// </summary>
        public (List<ColumnDefinition> Columns, List<Transform> Transforms, Dictionary<int, int> Renumber) Slice(int featureColumn)
        {
            var needed = new HashSet<int> { featureColumn };
            var writer = new Dictionary<int, PendingTransform>();
            foreach (var t in Transforms) writer[t.Destination] = t;
            var stack = new Stack<int>(needed);
            while (stack.Count > 0)
            {
                int column = stack.Pop();
                if (!writer.TryGetValue(column, out var t)) continue;
                foreach (int source in t.Sources)
                    if (needed.Add(source)) stack.Push(source);
            }
            var order = InputColumns.Keys.Where(needed.Contains).OrderBy(c => c)
                .Concat(Transforms.Where(t => needed.Contains(t.Destination)).Select(t => t.Destination)).ToList();
            var renumber = new Dictionary<int, int>();
            for (int i = 0; i < order.Count; i++) renumber[order[i]] = i;
            var columns = order.Select(c => Columns[c]).ToList();
            Func<int, int> map = c => renumber[c];
            var transforms = Transforms.Where(t => needed.Contains(t.Destination)).Select(t => t.Create(map, map(t.Destination))).ToList();
            return (columns, transforms, renumber);
        }
    }

    /// <summary>A transform recorded before slicing: its columns, and how to build it with final column numbers.</summary>
    internal sealed record PendingTransform(int Destination, int[] Sources, Func<Func<int, int>, int, Transform> Create);
}
