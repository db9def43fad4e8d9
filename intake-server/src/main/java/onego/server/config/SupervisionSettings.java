package onego.server.config;

import onego.domain.Catalog;
import onego.domain.ConfigNode;

/**
 * 电子监察 and 好差评 settings ({@code supervision:}).
 *
 * @param complaintDays  working days a department has to answer (整改 and reply) a complaint, from the
 *                       day it is opened (国办 五(三) 限期整改; default 5, 1..60)
 * @param hallDepartment the department that answers for a channel's service hall: a low case rating
 *                       rates the channel that took the case and opens a complaint assigned here
 *                       (default {@code administrative-approval}, 市行政审批服务局, which runs the
 *                       政务服务中心 综合窗口); must be a catalog department
 */
public record SupervisionSettings(int complaintDays, String hallDepartment) {
  public static SupervisionSettings read(ConfigNode n, Catalog catalog) {
    String hall = n.optStr("hallDepartment", "administrative-approval");
    if (catalog.department(hall).isEmpty()) throw n.get("hallDepartment").fail("is not a department of the catalog");
    return new SupervisionSettings((int) n.range("complaintDays", 5, 1, 60), hall);
  }
}
