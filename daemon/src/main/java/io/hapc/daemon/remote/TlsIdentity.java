package io.hapc.daemon.remote;

import io.hapc.admin.remote.Fingerprints;
import io.hapc.model.files.PrivateFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The admin service's TLS identity: a self-signed certificate and its key, made at first start
 * (Bouncy Castle builds the certificate; the JDK makes the EC P-256 key and signs) and kept in
 * a PKCS#12 file 0600 in the state directory. Clients pin its SHA-256 fingerprint on first use, so
 * no CA is involved and the certificate is long-lived; a new one (file removed) must be re-pinned.
 */
public record TlsIdentity(SSLContext context, X509Certificate certificate, String fingerprint, boolean created) {
    public static final String FILE = "admin-tls.p12";
    private static final String ALIAS = "hapcd-admin";
    // The file's protection is its mode (0600, root's); PKCS#12 insists on a password all the same.
    private static final char[] STORE_PASSWORD = "hapcd-admin".toCharArray();
    private static final Duration VALIDITY = Duration.ofDays(3650);

    /** This node's identity from `stateDir`, made (and written 0600) if there is none yet. */
    public static TlsIdentity loadOrCreate(Path stateDir, String nodeName, Clock clock) throws IOException {
        Path file = stateDir.resolve(FILE);
        boolean created = false;
        KeyStore store;
        try {
            if (Files.exists(file)) {
                PrivateFiles.tighten(file);
                store = KeyStore.getInstance("PKCS12");
                try (var in = Files.newInputStream(file)) {
                    store.load(in, STORE_PASSWORD);
                }
                if (!store.isKeyEntry(ALIAS)) throw new GeneralSecurityException("no entry '" + ALIAS + "'");
            } else {
                store = create(nodeName, clock);
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                store.store(bytes, STORE_PASSWORD);
                PrivateFiles.writeAtomically(file, bytes.toByteArray());
                created = true;
            }
            X509Certificate cert = (X509Certificate) store.getCertificate(ALIAS);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, STORE_PASSWORD);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(kmf.getKeyManagers(), null, null);
            return new TlsIdentity(tls, cert, Fingerprints.sha256(cert), created);
        } catch (GeneralSecurityException | IOException e) {
            if (created) throw new IOException("cannot make the admin service's certificate " + file + ": " + e, e);
            throw new IOException(
                    "cannot read the admin service's certificate " + file + " (" + e.getMessage() + "): move it "
                            + "away and restart hapcd to make a new one; clients then re-pin it with `hapc host deauth "
                            + nodeName
                            + "` and `hapc host auth " + nodeName + "`",
                    e);
        }
    }

    private static KeyStore create(String nodeName, Clock clock) throws GeneralSecurityException, IOException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, nodeName)
                .addRDN(BCStyle.O, "hapc")
                .build();
        Instant now = clock.instant();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                subject,
                new BigInteger(127, new SecureRandom()),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(VALIDITY)),
                subject,
                pair.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        builder.addExtension(
                Extension.subjectAlternativeName,
                false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, nodeName)));
        X509Certificate cert;
        try {
            cert = new JcaX509CertificateConverter()
                    .getCertificate(
                            builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(ALIAS, pair.getPrivate(), STORE_PASSWORD, new Certificate[] {cert});
        // round trip: what is written is what is read at the next start
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        store.store(bytes, STORE_PASSWORD);
        KeyStore reread = KeyStore.getInstance("PKCS12");
        reread.load(new ByteArrayInputStream(bytes.toByteArray()), STORE_PASSWORD);
        return reread;
    }
}
