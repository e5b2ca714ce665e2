using System.Numerics;
using Transfer.Api.Evidence;

namespace Transfer.Api.Tests.Evidence;

/// <summary>
/// The auditor's side of RFC 9162: verifying inclusion (2.1.3.2) and consistency (2.1.4.2) proofs by the RFC's own
/// algorithms, which the API never runs (it only makes proofs), so the tests check its proofs as a client would.
/// </summary>
public static class Rfc9162
{
    /// <summary>The leaves a stored complete subtree covers.</summary>
    public static LeafRange Leaves(this TreeNode node) => new(node.Position << node.Level, (node.Position + 1) << node.Level);

    /// <summary>RFC 9162 2.1.3.2: whether <paramref name="path"/> proves the leaf at <paramref name="index"/> is in the tree of <paramref name="size"/> with <paramref name="root"/>.</summary>
    public static bool VerifyInclusion(long index, long size, ReadOnlySpan<byte> leaf, IReadOnlyList<byte[]> path, ReadOnlySpan<byte> root)
    {
        if (index < 0 || index >= size) return false;
        long fn = index, sn = size - 1;
        var r = leaf.ToArray();
        foreach (var p in path)
        {
            if (sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                r = MerkleTree.NodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else r = MerkleTree.NodeHash(r, p);
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && r.AsSpan().SequenceEqual(root);
    }

    /// <summary>RFC 9162 2.1.4.2: whether <paramref name="path"/> proves the tree of <paramref name="size"/> leaves extends the tree of <paramref name="from"/>.</summary>
    public static bool VerifyConsistency(long from, long size, ReadOnlySpan<byte> fromRoot, ReadOnlySpan<byte> sizeRoot, IReadOnlyList<byte[]> path)
    {
        if (from < 1 || from > size) return false;
        if (from == size) return path.Count == 0 && fromRoot.SequenceEqual(sizeRoot);
        var proof = BitOperations.IsPow2(from) ? [fromRoot.ToArray(), .. path] : path.ToList();
        if (proof.Count == 0) return false;
        long fn = from - 1, sn = size - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = proof[0], sr = proof[0];
        foreach (var c in proof.Skip(1))
        {
            if (sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                fr = MerkleTree.NodeHash(c, fr);
                sr = MerkleTree.NodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else sr = MerkleTree.NodeHash(sr, c);
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && fr.AsSpan().SequenceEqual(fromRoot) && sr.AsSpan().SequenceEqual(sizeRoot);
    }
}
