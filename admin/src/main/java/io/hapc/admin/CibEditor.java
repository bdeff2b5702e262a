package io.hapc.admin;

import io.hapc.model.cib.Cib;
import io.hapc.model.cib.CibVersion;
import java.util.List;

/**
 * Applies one {@link CibEdit} to a CIB: a pure function of (CIB, edit, context) — no I/O besides
 * what the context supplies, no clock but the context's. The DC calls it on the CIB it holds;
 * the result is validated whole ({@link CibChecks}: references, ids, colocation loops, rule files,
 * and a policy engine run), then gets the next version: a new epoch for a configuration change, the
 * next num_updates for a status-only change (cleanup). A refused edit throws
 * {@link InvalidEditException} and the caller keeps its CIB. An edit that changes nothing returns
 * the CIB unchanged, same version (so repeating a command is harmless).
 */
public final class CibEditor {

    /** The new CIB (unchanged when `changed` is false), what to tell the admin, and warnings to show. */
    public record EditOutcome(Cib cib, String message, List<String> warnings, boolean changed) {
        public EditOutcome {
            warnings = List.copyOf(warnings);
        }
    }

    public Cib apply(Cib current, CibEdit edit, EditContext ctx) throws InvalidEditException {
        return edit(current, edit, ctx).cib();
    }

    public EditOutcome edit(Cib current, CibEdit edit, EditContext ctx) throws InvalidEditException {
        if (edit == null) throw new InvalidEditException("no edit given");
        Notes notes = new Notes();
        Cib edited = dispatch(current, edit, ctx, notes);
        boolean configuration = Cibs.configurationDiffers(current, edited);
        boolean status = !current.status().equals(edited.status());
        if (!configuration && !status) {
            String m = notes.message();
            return new EditOutcome(
                    current,
                    m.startsWith("Nothing") ? m : m + " (already so: nothing changed)",
                    notes.warnings(),
                    false);
        }
        CibChecks.validate(current, edited, ctx);
        CibVersion next = configuration
                ? current.version().nextEpoch()
                : current.version().nextUpdate();
        return new EditOutcome(edited.withVersion(next), notes.message(), notes.warnings(), true);
    }

    private static Cib dispatch(Cib cib, CibEdit edit, EditContext ctx, Notes notes) throws InvalidEditException {
        // One line per edit type, grouped as the commands are.
        if (edit instanceof CibEdit.PropertySet e) return OptionEdits.propertySet(cib, e.values(), notes);
        if (edit instanceof CibEdit.PropertyUnset e) return OptionEdits.propertyUnset(cib, e.names(), notes);
        if (edit instanceof CibEdit.ResourceDefaultsSet e) return OptionEdits.rscDefaults(cib, e.values(), notes);
        if (edit instanceof CibEdit.OpDefaultsSet e) return OptionEdits.opDefaults(cib, e.values(), notes);

        if (edit instanceof CibEdit.ResourceCreate e) return ResourceEdits.create(cib, e, ctx, notes);
        if (edit instanceof CibEdit.ResourceDelete e) return ResourceEdits.delete(cib, e.id(), false, notes);
        if (edit instanceof CibEdit.ResourceUpdate e) return ResourceEdits.update(cib, e, ctx, notes);
        if (edit instanceof CibEdit.ResourceEnable e) return ResourceEdits.enable(cib, e.ids(), notes);
        if (edit instanceof CibEdit.ResourceDisable e) return ResourceEdits.disable(cib, e.ids(), notes);
        if (edit instanceof CibEdit.GroupAdd e) return Containers.groupAdd(cib, e, notes);
        if (edit instanceof CibEdit.CloneCreate e)
            return Containers.clone(cib, e.id(), e.cloneId(), e.meta(), false, ctx, notes);
        if (edit instanceof CibEdit.PromotableCreate e)
            return Containers.clone(cib, e.id(), e.cloneId(), e.meta(), true, ctx, notes);

        if (edit instanceof CibEdit.ResourceMove e) return PlacementEdits.move(cib, e, ctx, notes);
        if (edit instanceof CibEdit.ResourceBan e) return PlacementEdits.ban(cib, e, ctx, notes);
        if (edit instanceof CibEdit.ResourceClear e) return PlacementEdits.clear(cib, e, notes);
        if (edit instanceof CibEdit.ResourceCleanup e) return StatusCleanup.cleanup(cib, e, notes);

        if (edit instanceof CibEdit.LocationPrefers e)
            return ConstraintEdits.prefers(cib, e.resource(), e.nodeScores(), 1, notes);
        if (edit instanceof CibEdit.LocationAvoids e)
            return ConstraintEdits.prefers(cib, e.resource(), e.nodeScores(), -1, notes);
        if (edit instanceof CibEdit.LocationAdd e) return ConstraintEdits.locationAdd(cib, e, notes);
        if (edit instanceof CibEdit.ColocationAdd e) return ConstraintEdits.colocationAdd(cib, e, notes);
        if (edit instanceof CibEdit.ColocationRemove e) return ConstraintEdits.colocationRemove(cib, e, notes);
        if (edit instanceof CibEdit.OrderAdd e) return ConstraintEdits.orderAdd(cib, e, notes);
        if (edit instanceof CibEdit.OrderRemove e) return ConstraintEdits.orderRemove(cib, e, notes);
        if (edit instanceof CibEdit.ConstraintRemove e) return ConstraintEdits.remove(cib, e.ids(), notes);

        if (edit instanceof CibEdit.NodeStandby e) return Nodes.flag(cib, "standby", e.nodes(), e.all(), e.on(), notes);
        if (edit instanceof CibEdit.NodeMaintenance e)
            return Nodes.flag(cib, "maintenance", e.nodes(), e.all(), e.on(), notes);
        if (edit instanceof CibEdit.NodeAttributeSet e) return Nodes.attribute(cib, e, notes);
        if (edit instanceof CibEdit.NodeTransientAttributeSet e) return Nodes.transientAttribute(cib, e, notes);
        if (edit instanceof CibEdit.NodeDelete e) return Nodes.delete(cib, e.node(), notes);

        if (edit instanceof CibEdit.StonithCreate e) return FencingEdits.create(cib, e, ctx, notes);
        if (edit instanceof CibEdit.StonithDelete e) return ResourceEdits.delete(cib, e.id(), true, notes);

        if (edit instanceof CibEdit.RuleAdd e) return RuleEdits.add(cib, e, notes);
        if (edit instanceof CibEdit.RuleRemove e) return RuleEdits.remove(cib, e.name(), notes);

        if (edit instanceof CibEdit.AclRoleCreate e) return AclEdits.roleCreate(cib, e, notes);
        if (edit instanceof CibEdit.AclRoleDelete e) return AclEdits.roleDelete(cib, e.id(), notes);
        if (edit instanceof CibEdit.AclPermissionAdd e) return AclEdits.permissionAdd(cib, e, notes);
        if (edit instanceof CibEdit.AclTargetCreate e) return AclEdits.targetCreate(cib, e, notes);
        if (edit instanceof CibEdit.AclTargetDelete e) return AclEdits.targetDelete(cib, e.id(), notes);

        if (edit instanceof CibEdit.CheckpointRestore e) return CheckpointEdits.restore(cib, e, notes);
        throw new IllegalStateException("unhandled edit " + edit.getClass().getSimpleName());
    }
}
