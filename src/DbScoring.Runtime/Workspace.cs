namespace DbScoring.Runtime
{
    /// <summary>
    /// Per-scorer scratch space that predictors need beyond the frame (tree leaf masks), allocated once by the
    /// <see cref="Scorer"/> so that scoring allocates nothing and shared model objects stay immutable.
    /// </summary>
    internal sealed class Workspace
    {
        internal Workspace(int treeMasks)
        {
            TreeMasks = new ulong[treeMasks];
        }

        /// <summary>One leaf mask per tree of the largest tree ensemble in the model.</summary>
        internal readonly ulong[] TreeMasks;
    }
}
