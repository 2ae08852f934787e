package io.kexin.gateway.cli;

public final class Main {
  public static void main(String[] args) {}
}
