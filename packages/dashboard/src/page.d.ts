/** The built page, embedded by the package's build (see tsup.config.ts). */
declare module 'virtual:dashboard-page' {
  const page: readonly import('./index.js').DashboardFile[]
  export default page
}
