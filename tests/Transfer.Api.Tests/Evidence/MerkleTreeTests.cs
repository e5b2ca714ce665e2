using System.Security.Cryptography;
using Transfer.Api.Evidence;

namespace Transfer.Api.Tests.Evidence;

/// <summary>RFC 9162 proofs checked against the tree computed the plain recursive way, for every pair of sizes up to 70.</summary>
public sealed class MerkleTreeTests
{
    private static readonly byte[][] Leaves = Enumerable.Range(0, 70).Select(i => MerkleTree.LeafHash([(byte)i, (byte)(i * 7)])).ToArray();

    /// <summary>RFC 9162's MTH, word for word: the reference the stored-node computation must agree with.</summary>
    private static byte[] Reference(int start, int end)
    {
        if (end - start == 0) return SHA256.HashData([]);
        if (end - start == 1) return Leaves[start];
        var k = 1;
        while (k * 2 < end - start) k *= 2;
        return MerkleTree.NodeHash(Reference(start, start + k), Reference(start + k, end));
    }

    private static byte[] HashOf(LeafRange range) => Reference((int)range.Start, (int)range.End);

    private static byte[] Stored(TreeNode node) => HashOf(node.Leaves());

    [Fact]
    public void A_root_folded_from_stored_complete_subtrees_is_the_recursive_root()
    {
        for (var size = 0; size <= 70; size++)
            MerkleTree.RangeHash(new LeafRange(0, size), Stored).ShouldBe(Reference(0, size), $"size {size}");
    }

    [Fact]
    public void A_tree_grown_leaf_by_leaf_completes_each_subtree_once_with_its_hash_and_keeps_the_recursive_root()
    {
        var frontier = new TreeFrontier();
        frontier.Root().ShouldBe(Reference(0, 0));
        var completed = new Dictionary<TreeNode, byte[]>();
        for (var i = 0; i < 70; i++)
        {
            foreach (var (node, hash) in frontier.Add(Leaves[i])) completed.Add(node, hash); // throws on a subtree completed twice
            frontier.Root().ShouldBe(Reference(0, i + 1), $"size {i + 1}");
        }
        completed.Count.ShouldBe(70 + 35 + 17 + 8 + 4 + 2 + 1, "every complete subtree of 70 leaves, each level's");
        foreach (var (node, hash) in completed) hash.ShouldBe(Stored(node), node.ToString());
    }

    [Fact]
    public void Every_leaf_is_proven_in_every_tree_that_holds_it_and_no_other_leaf_is()
    {
        for (var size = 1; size <= 70; size++)
        for (var index = 0; index < size; index++)
        {
            var path = MerkleTree.InclusionPath(index, size).Select(HashOf).ToList();
            var root = Reference(0, size);
            Rfc9162.VerifyInclusion(index, size, Leaves[index], path, root).ShouldBeTrue($"leaf {index} of {size}");
            path.Count.ShouldBeLessThanOrEqualTo(7, "log2 of 70, rounded up");
            Rfc9162.VerifyInclusion(index, size, Leaves[(index + 1) % 70], path, root).ShouldBeFalse($"another leaf as {index} of {size}");
            if (path.Count > 0)
                Rfc9162.VerifyInclusion(index, size, Leaves[index], [.. path[..^1], Leaves[69]], root).ShouldBeFalse($"a changed path for {index} of {size}");
            if (size < 70)
                Rfc9162.VerifyInclusion(index, size + 1, Leaves[index], path, Reference(0, size + 1)).ShouldBeFalse($"the proof for {size} against the root of {size + 1}");
        }
    }

    [Fact]
    public void Every_tree_is_proven_to_extend_every_smaller_one_and_a_changed_history_is_not()
    {
        for (var size = 1; size <= 70; size++)
        for (var from = 1; from <= size; from++)
        {
            var path = MerkleTree.ConsistencyPath(from, size).Select(HashOf).ToList();
            Rfc9162.VerifyConsistency(from, size, Reference(0, from), Reference(0, size), path).ShouldBeTrue($"{from} to {size}");
            path.Count.ShouldBeLessThanOrEqualTo(2 * 7);
            if (from < size)
            {
                var otherOld = MerkleTree.NodeHash(Reference(0, from), Reference(0, from));
                Rfc9162.VerifyConsistency(from, size, otherOld, Reference(0, size), path).ShouldBeFalse($"another old root, {from} to {size}");
                Rfc9162.VerifyConsistency(from, size, Reference(0, from), Reference(0, size), [.. path[..^1], Leaves[0]])
                    .ShouldBeFalse($"a changed path, {from} to {size}");
            }
        }
    }

    [Fact]
    public void A_run_of_leaves_and_the_subtrees_around_it_give_the_root_and_nothing_inside_the_run_is_taken_from_the_tree()
    {
        for (var size = 1; size <= 40; size++)
        for (var start = 0; start < size; start++)
        for (var end = start + 1; end <= size; end++)
        {
            var leaves = new LeafRange(start, end);
            var around = MerkleTree.Around(leaves, size);
            around.ShouldAllBe(range => range.End <= start || range.Start >= end, $"{start}..{end} of {size}");
            around.Count.ShouldBeLessThanOrEqualTo(2 * 6, "log n on each side");
            var known = around.ToDictionary(range => range, HashOf);
            Recompute(0, size).ShouldBe(Reference(0, size), $"{start}..{end} of {size}");

            byte[] Recompute(long from, long to)
            {
                if (known.TryGetValue(new LeafRange(from, to), out var hash)) return hash;
                if (to - from == 1) return from >= start && from < end ? Leaves[from] : throw new InvalidOperationException($"leaf {from} is neither given nor around");
                var middle = from + MerkleTree.Split(to - from);
                return MerkleTree.NodeHash(Recompute(from, middle), Recompute(middle, to));
            }
        }
    }

    [Fact]
    public void A_proof_asked_for_outside_the_tree_is_refused()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => MerkleTree.InclusionPath(5, 5));
        Should.Throw<ArgumentOutOfRangeException>(() => MerkleTree.ConsistencyPath(0, 5));
        Should.Throw<ArgumentOutOfRangeException>(() => MerkleTree.ConsistencyPath(6, 5));
    }

    [Fact]
    public void Proofs_in_a_quarter_million_leaf_tree_need_few_stored_nodes()
    {
        const long size = 250_000;
        var needed = MerkleTree.InclusionPath(123_457, size).Concat(MerkleTree.ConsistencyPath(100_001, size))
            .SelectMany(MerkleTree.Nodes).Distinct().Count();
        needed.ShouldBeLessThan(18 * 18, "O(log² n) at worst, one query's worth");
    }
}
