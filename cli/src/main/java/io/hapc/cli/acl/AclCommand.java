package io.hapc.cli.acl;

import io.hapc.admin.CibEdit;
import io.hapc.cli.ExitCodes;
import io.hapc.cli.ExitCodes.CommandFailure;
import io.hapc.cli.daemon.DaemonOptions;
import io.hapc.cli.daemon.DaemonReadOptions;
import io.hapc.cli.daemon.EditCommand;
import io.hapc.model.cib.Acls;
import io.hapc.model.cib.Cib;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * `hapc acl …`, as pcs acl: roles with read/write/deny permissions on an XPath or an id, users
 * (acl_target) with roles, `acl enable|disable` (the enable-acl property). Enforced by every hapcd
 * on the admin requests it receives (docs/ADMIN.md).
 */
@Command(
        name = "acl",
        mixinStandardHelpOptions = true,
        description = "Access control lists: roles and users (pcs acl).",
        subcommands = {
            AclCommand.Config.class,
            AclCommand.Enable.class,
            AclCommand.Disable.class,
            AclCommand.Role.class,
            AclCommand.User.class,
            AclCommand.Permission.class
        })
public final class AclCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DaemonOptions daemon;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(Config.text(daemon.fetch().cib()));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    /** `read|write|deny xpath XPATH | read|write|deny id ID`, repeated. */
    static List<CibEdit.AclPermissionSpec> permissions(List<String> words, String where) {
        if (words.size() % 3 != 0) {
            throw new CommandFailure(
                    ExitCodes.INVALID_INPUT,
                    where + ": permissions come in threes: read|write|deny xpath XPATH, "
                            + "or read|write|deny id ID (got: " + String.join(" ", words) + ")");
        }
        List<CibEdit.AclPermissionSpec> out = new ArrayList<>();
        for (int i = 0; i < words.size(); i += 3)
            out.add(new CibEdit.AclPermissionSpec(words.get(i), words.get(i + 1), words.get(i + 2)));
        return out;
    }

    @Command(
            name = "config",
            aliases = "show",
            mixinStandardHelpOptions = true,
            description = "Whether ACLs are enforced, the roles and the users.")
    static final class Config implements Callable<Integer> {
        @Mixin
        DaemonReadOptions read;

        @Override
        public Integer call() {
            Cib cib = read.daemon().fetch().cib();
            read.print(
                    () -> {
                        Map<String, Object> o = new LinkedHashMap<>();
                        o.put("enabled", io.hapc.admin.acl.AccessControl.enabled(cib));
                        o.put("roles", cib.acls().roles());
                        o.put("users", cib.acls().targets());
                        return o;
                    },
                    () -> text(cib));
            return ExitCodes.OK;
        }

        static String text(Cib cib) {
            StringBuilder b = new StringBuilder("ACLs are "
                    + (io.hapc.admin.acl.AccessControl.enabled(cib) ? "enabled" : "disabled (hapc acl enable)") + "\n");
            for (Acls.Target t : cib.acls().targets())
                b.append("User: ")
                        .append(t.id())
                        .append("\n  Roles: ")
                        .append(String.join(" ", t.roles()))
                        .append('\n');
            for (Acls.RoleDef r : cib.acls().roles()) {
                b.append("Role: ").append(r.id()).append('\n');
                r.description()
                        .ifPresent(d -> b.append("  Description: ").append(d).append('\n'));
                for (Acls.Permission p : r.permissions()) {
                    b.append("  Permission: ")
                            .append(p.kind().xml())
                            .append(p.xpath().map(x -> " xpath " + x).orElse(""))
                            .append(p.reference().map(x -> " id " + x).orElse(""))
                            .append(" (")
                            .append(p.id())
                            .append(")\n");
                }
            }
            return b.toString();
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enforce the ACLs (enable-acl=true).")
    static final class Enable extends EditCommand {
        @Override
        public CibEdit edit() {
            return new CibEdit.PropertySet(Map.of("enable-acl", "true"));
        }
    }

    @Command(
            name = "disable",
            mixinStandardHelpOptions = true,
            description = "Stop enforcing the ACLs (enable-acl=false).")
    static final class Disable extends EditCommand {
        @Override
        public CibEdit edit() {
            return new CibEdit.PropertySet(Map.of("enable-acl", "false"));
        }
    }

    @Command(
            name = "role",
            mixinStandardHelpOptions = true,
            description = "Create or delete roles.",
            subcommands = {RoleCreate.class, RoleDelete.class})
    static final class Role implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description =
                    "acl role create ROLE [description=TEXT] [read|write|deny xpath XPATH | read|write|deny id ID]…")
    static final class RoleCreate extends EditCommand {
        @Parameters(index = "0", paramLabel = "ROLE")
        String id;

        @Parameters(index = "1..*", arity = "0..*", paramLabel = "PERMISSION")
        List<String> rest = new ArrayList<>();

        @Override
        public CibEdit edit() {
            List<String> words = new ArrayList<>(rest);
            Optional<String> description = Optional.empty();
            if (!words.isEmpty() && words.get(0).startsWith("description="))
                description = Optional.of(words.remove(0).substring(12));
            return new CibEdit.AclRoleCreate(id, description, permissions(words, "acl role create " + id));
        }
    }

    @Command(
            name = "delete",
            aliases = "remove",
            mixinStandardHelpOptions = true,
            description = "Delete a role (and take it from its users).")
    static final class RoleDelete extends EditCommand {
        @Parameters(paramLabel = "ROLE")
        String id;

        @Override
        public CibEdit edit() {
            return new CibEdit.AclRoleDelete(id);
        }
    }

    @Command(
            name = "user",
            mixinStandardHelpOptions = true,
            description = "Give users roles (acl_target).",
            subcommands = {UserCreate.class, UserDelete.class})
    static final class User implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "acl user create USER [ROLE…]: the user (local login, "
                    + "or the user of `hapc host auth -u USER`) gets these roles.")
    static final class UserCreate extends EditCommand {
        @Parameters(index = "0", paramLabel = "USER")
        String id;

        @Parameters(index = "1..*", arity = "0..*", paramLabel = "ROLE")
        List<String> roles = new ArrayList<>();

        @Override
        public CibEdit edit() {
            return new CibEdit.AclTargetCreate(id, roles);
        }
    }

    @Command(
            name = "delete",
            aliases = "remove",
            mixinStandardHelpOptions = true,
            description = "acl user delete USER.")
    static final class UserDelete extends EditCommand {
        @Parameters(paramLabel = "USER")
        String id;

        @Override
        public CibEdit edit() {
            return new CibEdit.AclTargetDelete(id);
        }
    }

    @Command(
            name = "permission",
            mixinStandardHelpOptions = true,
            description = "Add permissions to a role.",
            subcommands = PermissionAdd.class)
    static final class Permission implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }
    }

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = "acl permission add ROLE read|write|deny xpath XPATH | read|write|deny id ID…")
    static final class PermissionAdd extends EditCommand {
        @Parameters(index = "0", paramLabel = "ROLE")
        String role;

        @Parameters(index = "1..*", arity = "3..*", paramLabel = "PERMISSION")
        List<String> rest = new ArrayList<>();

        @Override
        public CibEdit edit() {
            return new CibEdit.AclPermissionAdd(role, permissions(rest, "acl permission add " + role));
        }
    }
}
