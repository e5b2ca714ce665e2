namespace Transfer.Domain; public static class Placeholder {}
