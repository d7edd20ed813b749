//! 探访方式 — how a visit was made: what a pack's requirements accept and a visit record states.

use crate::domain::text_enum;

text_enum! {
    /// 探访方式 — how a visit was made.
    pub enum VisitMode {
        InPerson => ("in_person", "上门探访"),
        Phone => ("phone", "电话问候"),
        Video => ("video", "音视频"),
        RemoteMonitoring => ("remote_monitoring", "远程监测"),
        Other => ("other", "其他"),
    }
}
