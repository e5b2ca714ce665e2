using System.Numerics;
using System.Security.Cryptography;

namespace Transfer.Api.Evidence;

/// <summary>The leaves [Start, End) of a county's tree: the subtree whose hash a proof carries.</summary>
public readonly record struct LeafRange(long Start, long End)
{
    public long Count => End - Start;
}

/// <summary>
/// A complete subtree as stored: the 2^Level leaves from Position·2^Level. Level 0 is a leaf. Only complete
/// subtrees are stored; the hash of any range a proof needs is folded from at most 63 of them.
/// </summary>
public readonly record struct TreeNode(int Level, long Position);

/// <summary>
/// A tree growing leaf by leaf, holding only the complete subtrees along its right edge (one per 1 bit of its size):
/// what the tree's subscription needs to store each new subtree, and the verifier to recompute a root in one pass.
/// </summary>
public sealed class TreeFrontier(long size, Dictionary<int, byte[]> rightEdge)
{
    public TreeFrontier() : this(0, []) { }

    public long Size => size;

    /// <summary>Adds a leaf; returns it and every subtree it completes, the leaf first.</summary>
    public List<(TreeNode Node, byte[] Hash)> Add(byte[] leafHash)
    {
        var index = size++;
        var hash = leafHash;
        var completed = new List<(TreeNode, byte[])> { (new TreeNode(0, index), hash) };
        // Each 1 at the bottom of the leaf's index is a left sibling waiting for this subtree to complete.
        var level = 0;
        for (; ((index >> level) & 1) == 1; level++)
        {
            hash = MerkleTree.NodeHash(rightEdge[level], hash);
            rightEdge.Remove(level);
            completed.Add((new TreeNode(level + 1, index >> (level + 1)), hash));
        }
        rightEdge[level] = hash;
        return completed;
    }

    /// <summary>The root of the tree as it now is.</summary>
    public byte[] Root() => MerkleTree.RangeHash(new LeafRange(0, size), node => rightEdge[node.Level]);
}

/// <summary>
/// RFC 9162 (Certificate Transparency 2.0) Merkle trees, section 2.1: leaf = SHA-256(0x00‖bytes), node =
/// SHA-256(0x01‖left‖right), a tree of n leaves split at the largest power of two below n; inclusion and
/// consistency proofs (2.1.3, 2.1.4). Written here because no maintained .NET package implements RFC 9162 over a
/// tree kept in PostgreSQL; proofs are verified by the auditor's side (the bundle's verify.py, and the tests).
/// </summary>
public static class MerkleTree
{
    public const int HashSize = SHA256.HashSizeInBytes;

    /// <summary>The root of the empty tree: SHA-256 of nothing.</summary>
    public static byte[] EmptyRoot() => SHA256.HashData([]);

    public static byte[] LeafHash(ReadOnlySpan<byte> eventBytes)
    {
        var hash = new byte[HashSize];
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData([0x00]);
        sha.AppendData(eventBytes);
        sha.GetHashAndReset(hash);
        return hash;
    }

    public static byte[] NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> joined = stackalloc byte[1 + 2 * HashSize];
        joined[0] = 0x01;
        left.CopyTo(joined[1..]);
        right.CopyTo(joined[(1 + HashSize)..]);
        return SHA256.HashData(joined);
    }

    /// <summary>The largest power of two strictly below <paramref name="n"/> (n ≥ 2): where RFC 9162 splits a tree of n leaves.</summary>
    public static long Split(long n) => 1L << (63 - BitOperations.LeadingZeroCount((ulong)(n - 1)));

    /// <summary>
    /// The complete subtrees, largest first, that make up a range of the tree. Every range a proof or a root needs
    /// starts at a multiple of a power of two at least its length, so these are aligned, stored nodes.
    /// </summary>
    public static IEnumerable<TreeNode> Nodes(LeafRange range)
    {
        var start = range.Start;
        for (var level = 62; level >= 0; level--)
        {
            var size = 1L << level;
            if ((range.Count & size) == 0) continue;
            yield return new TreeNode(level, start >> level);
            start += size;
        }
    }

    /// <summary>The hash of a range from its complete subtrees, <paramref name="hashOf"/> giving each one's: folded from the right, as the tree splits.</summary>
    public static byte[] RangeHash(LeafRange range, Func<TreeNode, byte[]> hashOf)
    {
        if (range.Count == 0) return EmptyRoot();
        var nodes = Nodes(range).ToList();
        var hash = hashOf(nodes[^1]);
        for (var i = nodes.Count - 2; i >= 0; i--) hash = NodeHash(hashOf(nodes[i]), hash);
        return hash;
    }

    /// <summary>The ranges whose hashes form the inclusion proof of leaf <paramref name="index"/> in the tree of <paramref name="size"/> leaves (RFC 9162 2.1.3.1), from the leaf up.</summary>
    public static List<LeafRange> InclusionPath(long index, long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, size);
        var path = new List<LeafRange>();
        Path(0, size);
        return path;

        void Path(long start, long end)
        {
            if (end - start <= 1) return;
            var middle = start + Split(end - start);
            if (index < middle)
            {
                Path(start, middle);
                path.Add(new LeafRange(middle, end));
            }
            else
            {
                Path(middle, end);
                path.Add(new LeafRange(start, middle));
            }
        }
    }

    /// <summary>The ranges whose hashes form the consistency proof from the tree of <paramref name="from"/> leaves to that of <paramref name="size"/> (RFC 9162 2.1.4.1).</summary>
    public static List<LeafRange> ConsistencyPath(long from, long size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(from, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(from, size);
        var path = new List<LeafRange>();
        if (from < size) SubProof(0, size, wholeOldTree: true);
        return path;

        void SubProof(long start, long end, bool wholeOldTree)
        {
            if (end == from)
            {
                // The old tree's own root is known to the verifier; any other subtree of it is not.
                if (!wholeOldTree) path.Add(new LeafRange(start, end));
                return;
            }
            var middle = start + Split(end - start);
            if (from <= middle)
            {
                SubProof(start, middle, wholeOldTree);
                path.Add(new LeafRange(middle, end));
            }
            else
            {
                SubProof(middle, end, wholeOldTree: false);
                path.Add(new LeafRange(start, middle));
            }
        }
    }

    /// <summary>
    /// The subtrees of the tree of <paramref name="size"/> leaves that lie wholly outside <paramref name="leaves"/> and
    /// that its root needs besides them, left to right: with these and every leaf in the range, anyone recomputes the
    /// root, which proves each of those leaves is in the tree, in its place, with none between them left out.
    /// </summary>
    public static List<LeafRange> Around(LeafRange leaves, long size)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(leaves.End, size);
        var around = new List<LeafRange>();
        Visit(0, size);
        return around;

        void Visit(long start, long end)
        {
            if (end <= leaves.Start || start >= leaves.End) around.Add(new LeafRange(start, end));
            else if (start < leaves.Start || end > leaves.End)
            {
                var middle = start + Split(end - start);
                Visit(start, middle);
                Visit(middle, end);
            }
        }
    }
}
