package io.hapc.daemon;

import io.hapc.admin.CibEdit;
import io.hapc.admin.CibEditor;
import io.hapc.admin.EditContext;
import io.hapc.admin.InvalidEditException;
import io.hapc.agents.ResourceAgentExecutor;
import io.hapc.daemon.dc.DcContext;
import io.hapc.daemon.fencing.Fencer;
import io.hapc.model.cib.Cib;
import java.time.Clock;
import java.util.List;

/**
 * The DC's side of admin edits: the admin module's editor, with this node's agents for meta-data
 * checks and one memoizing rule compiler (edits that do not touch rule files do not recompile them).
 */
final class AdminEdits {
    private final Clock clock;
    private final CibEditor editor = new CibEditor();
    private final EditContext context;

    AdminEdits(Clock clock, ResourceAgentExecutor agents, Fencer fencer) {
        this.clock = clock;
        this.context = new EditContext(
                clock.instant(),
                EditContext.AgentCatalog.of(agents, fencer.executor(List.of())),
                EditContext.RuleCompiler.memoizing());
    }

    synchronized CibEditor.EditOutcome apply(Cib current, CibEdit edit) throws DcContext.EditRefused {
        try {
            return editor.edit(current, edit, context.at(clock.instant()));
        } catch (InvalidEditException e) {
            throw new DcContext.EditRefused(e.exitCode(), e.getMessage());
        } catch (RuntimeException e) {
            throw new DcContext.EditRefused(4, "the edit could not be checked: " + e);
        }
    }
}
