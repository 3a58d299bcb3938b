using System;

namespace DbScoring.Runtime
{
    /// <summary>Array allocation for tables built at load.</summary>
    internal static class Arrays
    {
        /// <summary>
        /// A new array whose every element the caller overwrites before reading it: on .NET 10 the garbage collector need
        /// not zero it first (large tables at load: leaf values, threshold tests); on .NET Framework an ordinary array.
        /// </summary>
        internal static T[] Uninitialized<T>(int length) where T : unmanaged
        {
#if NET
            return GC.AllocateUninitializedArray<T>(length);
#else
            return new T[length];
#endif
        }
    }
}
