package io.hapc.cli.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `hapc rules check` compiles here, without a daemon. */
class RulesCheckTest {
    @Test
    void aBrokenFileExitsThreeWithFileLineAndColumn(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.drl");
        Files.writeString(bad, """
                package admin.rules
                import io.hapc.engine.cluster.NodeView

                rule "admin: broken"
                when
                    NodeView( nosuchfield == 3 )
                then
                end
                """);
        CliRun r = CliRun.of("rules", "check", bad.toString());
        assertEquals(3, r.code());
        assertTrue(r.err().startsWith(bad + ":6:"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void aGoodFileCompiles(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("good.drl");
        Files.writeString(good, """
                package admin.rules
                import io.hapc.engine.cluster.NodeView
                import io.hapc.engine.facts.Warning

                rule "admin: standby warning"
                when
                    NodeView( standby, $n : name )
                then
                    insertLogical(new Warning("node " + $n + " is in standby", drools.getRule().getName()));
                end
                """);
        CliRun r = CliRun.of("rules", "check", good.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(good + ": allowed, compiles with the built-in rules\n", r.out());
    }

    @Test
    void aFileThatCouldRunCodeIsRefusedAsAddWouldRefuseIt(@TempDir Path dir) throws Exception {
        Path pwn = dir.resolve("pwn.drl");
        Files.writeString(pwn, """
                package admin.rules
                import io.hapc.engine.cluster.NodeView

                rule "admin: pwn"
                when
                    NodeView( )
                then
                    System.exit(7);
                end
                """);
        CliRun r = CliRun.of("rules", "check", pwn.toString());
        assertEquals(3, r.code());
        assertTrue(
                r.err()
                        .startsWith(
                                pwn
                                        + ":8:0: not allowed in admin rules: rule \"admin: pwn\": `System.exit(7);` is not allowed"),
                r.err());
        assertEquals("", r.out());
    }

    @Test
    void aMissingFileIsInvalidInput(@TempDir Path dir) {
        CliRun r = CliRun.of("rules", "check", dir.resolve("none.drl").toString());
        assertEquals(3, r.code());
        assertTrue(r.err().contains("none.drl:0:0: cannot read"), r.err());
    }
}
