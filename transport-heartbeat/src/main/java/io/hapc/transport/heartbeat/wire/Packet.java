package io.hapc.transport.heartbeat.wire;

/**
 * One authenticated, decrypted packet. `incarnation` is the sender's life (new at every boot, growing);
 * `sequence` counts the sender's packets within that life, from 1, on all links together.
 */
public record Packet(PacketType type, int keyId, String sender, long incarnation, long sequence, byte[] payload) {
    public Packet {
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public String toString() {
        return type + " from " + sender + " incarnation " + incarnation + " seq " + sequence + " key " + keyId + " ("
                + payload.length + " bytes)";
    }
}
