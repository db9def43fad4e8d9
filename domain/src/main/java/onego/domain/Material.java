package onego.domain;

/** A supporting document. {@code waivable}: 容缺 (may follow later); {@code commitmentAllowed}: 告知承诺 may replace it. */
public record Material(String code, String name, String ecertType, boolean waivable, boolean commitmentAllowed) {}
