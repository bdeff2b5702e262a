package io.hapc.cli.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** `config checkpoint diff`: the lines only one side has, in order, the common ones left out. */
class ConfigCheckpointDiffTest {
    @Test
    void linesOnlyInTheFirstAreMinusOnlyInTheSecondPlusInOrder() {
        List<String> before =
                List.of("Resources:", "  Resource: VIP", "  Resource: Web", "Constraints:", "  VIP with Web");
        List<String> after = List.of(
                "Resources:", "  Resource: VIP", "  Resource: Db", "Constraints:", "  VIP with Web", "  Db after VIP");
        assertEquals(
                List.of("-  Resource: Web", "+  Resource: Db", "+  Db after VIP"),
                ConfigCheckpointCommand.diff(before, after));
        assertEquals(List.of(), ConfigCheckpointCommand.diff(before, before));
        assertEquals(List.of("-a", "-b"), ConfigCheckpointCommand.diff(List.of("a", "b"), List.of()));
        assertEquals(List.of("+a"), ConfigCheckpointCommand.diff(List.of(), List.of("a")));
    }
}
