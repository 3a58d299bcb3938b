using System.Runtime.CompilerServices;

namespace DbScoring.Runtime.Predictors
{
    /// <summary>
    /// A narrow ensemble (every tree at most <see cref="MaxLeaves"/> leaves) carries each test's tree index in bits 32–63
    /// of its clear mask. A leaf mask of such a tree never has those bits set (its leaves are bits 0–31 of its initial
    /// mask, and masks only lose bits), so AND-ing the index there changes no mask, no exit leaf and no sum — in every
    /// kernel, which all apply a test as <c>mask &amp;= clear</c>. What it buys: the .NET 10 one-row kernel reads a failed
    /// test's tree and mask in one load instead of two (three loads per test with the threshold and the mask's
    /// read-modify-write, instead of four). The tables find out for themselves (<see cref="Carries"/> on every test), so
    /// the packed loop runs only where it indexes exactly the tree the test names.
    /// </summary>
    internal static class TreeInMask
    {
        /// <summary>The most leaves a tree of a narrow ensemble has: bits 32–63 of its masks are always clear.</summary>
        internal const int MaxLeaves = 32;

        /// <summary><paramref name="clear"/>'s leaf bits (0–31) with <paramref name="tree"/> in bits 32–63.</summary>
        internal static ulong Pack(ulong clear, int tree) => (clear & 0xFFFF_FFFFUL) | ((ulong)(uint)tree << 32);

        /// <summary>Whether <paramref name="clear"/> carries <paramref name="tree"/> in bits 32–63.</summary>
        internal static bool Carries(ulong clear, int tree) => clear >> 32 == (uint)tree;

        /// <summary>The tree a packed clear mask names.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static nint TreeOf(ulong clear) => (nint)(clear >> 32);
    }
}
