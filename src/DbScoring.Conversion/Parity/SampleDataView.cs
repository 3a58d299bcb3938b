using System;
using System.Collections.Generic;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DbScoring.Conversion.Parity
{
    /// <summary>
    /// Presents <see cref="SampleRow"/>s to ML.NET under the model's own input schema, so ML.NET scores exactly the
    /// values the runtime scores. Columns the model does not read (labels, passthrough) get default values.
    /// </summary>
    internal sealed class SampleDataView : IDataView
    {
        private readonly IReadOnlyList<SampleRow> _rows;
        private readonly int[]?[] _fieldsOfColumn;

        /// <param name="schema">The model's input schema.</param>
        /// <param name="rows">The rows.</param>
        /// <param name="fieldsOfColumn">Per schema column, the input field of each slot; null when the model does not read it.</param>
        public SampleDataView(DataViewSchema schema, IReadOnlyList<SampleRow> rows, int[]?[] fieldsOfColumn)
        {
            Schema = schema;
            _rows = rows;
            _fieldsOfColumn = fieldsOfColumn;
        }

        public bool CanShuffle => false;
        public DataViewSchema Schema { get; }
        public long? GetRowCount() => _rows.Count;

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(this);

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
            new DataViewRowCursor[] { new Cursor(this) };

        private sealed class Cursor : DataViewRowCursor
        {
            private readonly SampleDataView _view;
            private long _position = -1;

            public Cursor(SampleDataView view) => _view = view;

            public override DataViewSchema Schema => _view.Schema;
            public override long Position => _position;
            public override long Batch => 0;

            public override bool MoveNext() => ++_position < _view._rows.Count;

            public override bool IsColumnActive(DataViewSchema.Column column) => true;

            public override ValueGetter<DataViewRowId> GetIdGetter() =>
                (ref DataViewRowId value) => value = new DataViewRowId((ulong)_position, 0);

            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
            {
                int[]? fields = _view._fieldsOfColumn[column.Index];
                var type = column.Type;
                if (type is VectorDataViewType vector)
                {
                    var item = vector.ItemType.RawType;
                    if (item == typeof(float)) return (ValueGetter<TValue>)(Delegate)VectorGetter(fields, vector.Size, x => (float)x);
                    if (item == typeof(double)) return (ValueGetter<TValue>)(Delegate)VectorGetter(fields, vector.Size, x => x);
                    throw new NotSupportedException($"Input vector column '{column.Name}' of {vector.ItemType} cannot be supplied.");
                }
                var raw = type.RawType;
                if (raw == typeof(float)) return (ValueGetter<TValue>)(Delegate)ScalarGetter(fields, x => (float)x, 0f);
                if (raw == typeof(double)) return (ValueGetter<TValue>)(Delegate)ScalarGetter(fields, x => x, 0d);
                if (raw == typeof(bool)) return (ValueGetter<TValue>)(Delegate)ScalarGetter(fields, x => x != 0 && !double.IsNaN(x), false);
                if (raw == typeof(int)) return (ValueGetter<TValue>)(Delegate)ScalarGetter(fields, x => double.IsNaN(x) ? 0 : (int)x, 0);
                if (raw == typeof(long)) return (ValueGetter<TValue>)(Delegate)ScalarGetter(fields, x => double.IsNaN(x) ? 0 : (long)x, 0L);
                if (raw == typeof(uint)) return (ValueGetter<TValue>)(Delegate)ScalarGetter(fields, x => double.IsNaN(x) ? 0 : (uint)x, 0u);
                if (raw == typeof(ReadOnlyMemory<char>))
                {
                    ValueGetter<ReadOnlyMemory<char>> text = (ref ReadOnlyMemory<char> value) =>
                        value = fields == null ? ReadOnlyMemory<char>.Empty : (Row.Texts[fields[0]] ?? "").AsMemory();
                    return (ValueGetter<TValue>)(Delegate)text;
                }
                if (type is KeyDataViewType)
                    return (ValueGetter<TValue>)(Delegate)(ValueGetter<uint>)((ref uint value) => value = 0);
                throw new NotSupportedException($"Input column '{column.Name}' of type {type} cannot be supplied.");
            }

            private SampleRow Row => _view._rows[(int)_position];

            private ValueGetter<T> ScalarGetter<T>(int[]? fields, Func<double, T> convert, T fallback) =>
                (ref T value) => value = fields == null ? fallback : convert(Row.Numbers[fields[0]]);

            private ValueGetter<VBuffer<T>> VectorGetter<T>(int[]? fields, int size, Func<double, T> convert) =>
                (ref VBuffer<T> value) =>
                {
                    var values = new T[size];
                    if (fields != null)
                        for (int i = 0; i < size; i++) values[i] = convert(Row.Numbers[fields[i]]);
                    value = new VBuffer<T>(size, values);
                };
        }
    }
}
