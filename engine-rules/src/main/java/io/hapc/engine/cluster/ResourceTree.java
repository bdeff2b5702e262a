package io.hapc.engine.cluster;

import java.util.List;
import java.util.stream.Stream;

/** The resources as the scheduler walks them: primitives, groups of primitives, clones of either. */
public sealed interface ResourceTree permits ResourceTree.Single, ResourceTree.GroupOf, ResourceTree.CloneOf {
    String id();

    /** All primitives (instances) below this node, in order. */
    Stream<ResourceView> primitives();

    int priority();

    record Single(ResourceView view) implements ResourceTree {
        @Override
        public String id() {
            return view.id();
        }

        @Override
        public Stream<ResourceView> primitives() {
            return Stream.of(view);
        }

        @Override
        public int priority() {
            return view.meta().priority();
        }
    }

    record GroupOf(String id, String configId, List<ResourceView> members, ResourceMeta meta) implements ResourceTree {
        public GroupOf {
            members = List.copyOf(members);
        }

        @Override
        public Stream<ResourceView> primitives() {
            return members.stream();
        }

        @Override
        public int priority() {
            return meta.priority();
        }
    }

    /** instances are Single or GroupOf, numbered 0..cloneMax-1. */
    record CloneOf(
            String id,
            String childId,
            boolean promotable,
            boolean globallyUnique,
            int cloneMax,
            int cloneNodeMax,
            int promotedMax,
            int promotedNodeMax,
            boolean interleave,
            int cloneMin,
            List<ResourceTree> instances,
            ResourceMeta meta)
            implements ResourceTree {
        public CloneOf {
            instances = List.copyOf(instances);
        }

        @Override
        public Stream<ResourceView> primitives() {
            return instances.stream().flatMap(ResourceTree::primitives);
        }

        @Override
        public int priority() {
            return meta.priority();
        }
    }
}
