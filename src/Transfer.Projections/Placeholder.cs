namespace Transfer.Projections; public static class Placeholder {}
