export const TEST_ADMIN_KEY = "test-admin-key-0123456789abcdef";
