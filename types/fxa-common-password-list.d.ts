declare module "fxa-common-password-list" {
  const list: {
    /** True when the password is in Mozilla's list of common passwords. */
    test(password: string): boolean;
  };
  export default list;
}
