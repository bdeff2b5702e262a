package io.hapc.admin.remote;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trust on first use, then only the pinned certificate: a node's admin service has a self-signed
 * certificate, so no CA vouches for it; what `hapc host auth` saw the first time is what it trusts
 * after. Pinning the exact certificate replaces the host name check (a node is reached by name or
 * by any of its addresses). Remembers what it was shown, so that a refusal can say what changed.
 */
public final class PinningTrustManager extends X509ExtendedTrustManager {
    private final Optional<String> pinned;
    private volatile String seen;

    public PinningTrustManager(Optional<String> pinned) {
        this.pinned = pinned;
    }

    /** The SHA-256 fingerprint the server presented, once a handshake began. */
    public Optional<String> seen() {
        return Optional.ofNullable(seen);
    }

    /** True when the server presented a certificate other than the pinned one. */
    public boolean mismatch() {
        return pinned.isPresent() && seen != null && !pinned.get().equals(seen);
    }

    private void check(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) throw new CertificateException("the server presented no certificate");
        seen = Fingerprints.sha256(chain[0]);
        if (pinned.isPresent() && !pinned.get().equals(seen)) {
            throw new CertificateException("certificate " + seen + " is not the pinned " + pinned.get());
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a client-side trust manager only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("a client-side trust manager only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("a client-side trust manager only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
