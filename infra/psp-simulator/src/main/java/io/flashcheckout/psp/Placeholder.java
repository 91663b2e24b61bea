package io.flashcheckout.psp;
final class Placeholder {}
