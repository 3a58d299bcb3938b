using System;
using System.Collections.Generic;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace DbScoring.Cli
{
    /// <summary>
    /// The memory a loaded model keeps (what <c>inspect</c> and the benchmark report): every managed object reachable from it,
    /// sized with the 64-bit CLR layout — an object's 16-byte header and its fields, an array's 24-byte header and its
    /// elements, a string's 22 bytes plus two per character, each rounded up to 8 bytes. A walk of the object graph rather
    /// than a heap measurement, so the figure is the same on every run and unaffected by what other threads allocate.
    /// </summary>
    public static class ModelMemory
    {
        private const int ObjectHeader = 16, ArrayHeader = 24, StringHeader = 22, Reference = 8;

        /// <summary>Bytes of the objects reachable from <paramref name="root"/>, each counted once.</summary>
        public static long ResidentBytes(object root)
        {
            if (root == null) throw new ArgumentNullException(nameof(root));
            var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
            var pending = new Stack<object>();
            pending.Push(root);
            long total = 0;
            while (pending.Count > 0)
            {
                object o = pending.Pop();
                if (!seen.Add(o)) continue;
                total += Align(SizeOf(o, pending));
            }

            return total;
        }

        private static long SizeOf(object o, Stack<object> pending)
        {
            Type type = o.GetType();
            if (o is string text) return StringHeader + 2L * text.Length;
            if (o is Array array)
            {
                Type element = type.GetElementType()!;
                if (!element.IsValueType)
                {
                    foreach (object? item in array) Follow(item, pending);
                    return ArrayHeader + (long)Reference * array.Length;
                }

                if (HasReferences(element))
                    foreach (object? item in array) FollowFields(item!, element, pending);
                return ArrayHeader + (long)ValueSize(element) * array.Length;
            }

            if (o is Type || o is MemberInfo || o is Delegate) return ObjectHeader; // runtime metadata: shared, not the model's
            return Math.Max(ObjectHeader + FieldBytes(o, type, pending), 24);
        }

        /// <summary>Bytes of the instance fields of <paramref name="type"/> and its bases, following the references.</summary>
        private static long FieldBytes(object o, Type type, Stack<object> pending)
        {
            long bytes = 0;
            foreach (FieldInfo field in InstanceFields(type))
            {
                Type fieldType = field.FieldType;
                if (fieldType.IsPointer) { bytes += Reference; continue; }
                if (!fieldType.IsValueType)
                {
                    bytes += Reference;
                    Follow(field.GetValue(o), pending);
                    continue;
                }

                bytes += ValueSize(fieldType);
                if (HasReferences(fieldType)) FollowFields(field.GetValue(o)!, fieldType, pending);
            }

            return bytes;
        }

        private static void FollowFields(object boxed, Type valueType, Stack<object> pending)
        {
            foreach (FieldInfo field in InstanceFields(valueType))
            {
                if (field.FieldType.IsPointer) continue;
                if (!field.FieldType.IsValueType) Follow(field.GetValue(boxed), pending);
                else if (HasReferences(field.FieldType)) FollowFields(field.GetValue(boxed)!, field.FieldType, pending);
            }
        }

        private static void Follow(object? value, Stack<object> pending)
        {
            if (value != null) pending.Push(value);
        }

        private static IEnumerable<FieldInfo> InstanceFields(Type type)
        {
            for (Type? t = type; t != null && t != typeof(object); t = t.BaseType)
                foreach (FieldInfo f in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                    yield return f;
        }

        private static bool HasReferences(Type valueType) => Layout(valueType).HasReferences;

        private static int ValueSize(Type valueType) => Layout(valueType).Size;

        private static readonly Dictionary<Type, (int Size, bool HasReferences)> Layouts = new();

        /// <summary>A value type's size and whether it holds references, from the runtime itself (Unsafe.SizeOf, IsReferenceOrContainsReferences).</summary>
        private static (int Size, bool HasReferences) Layout(Type valueType)
        {
            lock (Layouts)
            {
                if (!Layouts.TryGetValue(valueType, out var layout))
                {
                    int size = (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(valueType).Invoke(null, null)!;
                    bool references = (bool)typeof(RuntimeHelpers).GetMethod(nameof(RuntimeHelpers.IsReferenceOrContainsReferences))!
                        .MakeGenericMethod(valueType).Invoke(null, null)!;
                    Layouts[valueType] = layout = (size, references);
                }

                return layout;
            }
        }

        private static long Align(long bytes) => (bytes + 7) & ~7L;
    }
}
